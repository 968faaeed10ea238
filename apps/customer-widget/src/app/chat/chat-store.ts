import {
  CLIENT_EVENTS,
  QUEUED_STATES,
  allowedActions,
  type ConversationAction,
  type Attachment,
  type AttachmentLink,
  type Conversation,
  type CustomerAttributes,
  type CustomerAuthResponse,
  type CustomerInfo,
  type Message,
  type QueuePositionEvent,
  type SystemCode,
} from '@switchboard/protocol';
import {
  ConversationThread,
  SwitchboardClient,
  SwitchboardError,
  contiguousSeq,
  type ClientApi,
  customerAuth,
  type ClientErrorCode,
  type ConnectionState,
  type CustomerAuthRequest,
  type PendingMessage,
  type Schedule,
  type ThreadSnapshot,
  type ThreadUpload,
} from '@switchboard/client';
import type { HostPage } from '../../shared/bridge';
import type { HostUser } from '../host/host-user';
import { VisitorReporter } from './visitor-reporter';
import { STORAGE_PREFIX, type WidgetSession, type WidgetStorage } from './widget-storage';

/**
 * What went wrong, as a key of the catalogue's `errors` section: the store names the problem, the components say
 * it in the reader's language.
 */
export type Problem =
  | 'fileFailed'
  | 'networkTrouble'
  | 'tooLarge'
  | 'rateLimited'
  | 'typeNotAccepted'
  | 'chatEnded'
  | 'blocked'
  | 'reachRetrying'
  | 'ratingFailed'
  | 'endFailed'
  | 'startRetrying'
  | 'recallFailed'
  | 'recallTooLate'
  | 'offlineFailed';

/** A field the gateway refused when the conversation was started (`bad_request` details: `fields.<key>`, `email`). */
export interface StartProblem {
  field: string;
  /** Section 9's problem code when the gateway gave one (`required`, `invalid_email`, ...). */
  code: string | null;
}

/** What the gateway said about the first message's pre-chat answers: the problems, and the text given back. */
export interface StartRefusal {
  problems: StartProblem[];
  text: string;
}

/** Section 9's extras of `conversation.start` from the widget's first screen. */
export interface StartDetails {
  fields?: Record<string, string>;
  /** The team chosen in the first screen (offered when the config lists teams). */
  teamId?: string;
}

/** `conversation.start` from the offline form. */
export interface OfflineMessage {
  text: string;
  email: string;
  name?: string;
}

/** A file the customer picked that is not in the outbox yet (uploading, or refused by the server). */
export interface LocalUpload {
  id: string;
  name: string;
  status: 'uploading' | 'failed';
  error?: Problem;
}

export interface ChatState {
  /** 'booting' until the stored session (if any) has been read. */
  status: 'booting' | 'ready';
  connection: ConnectionState | 'idle';
  /** True once the socket has been connected at least once: a later drop shows "Reconnecting…". */
  wasConnected: boolean;
  customer: CustomerInfo | null;
  conversation: Conversation | null;
  /** What the customer may do with the conversation now (the protocol's rules table decides). */
  actions: readonly ConversationAction[];
  /** Stored messages of the conversation, ascending by seq, each seq once. */
  messages: Message[];
  /** The SDK's outbox entries for this conversation, plus texts typed before the conversation existed. */
  pending: PendingMessage[];
  uploads: LocalUpload[];
  older: 'idle' | 'loading' | 'done';
  /** An agent is typing (with their name once they have written, else null), or nobody is. */
  agentTyping: { name: string | null } | null;
  /** The current assignee's name, learnt from their messages (null until they write). */
  agentName: string | null;
  /** The furthest any agent has read (their read markers and receipts). */
  agentReadSeq: number;
  queue: Pick<QueuePositionEvent, 'position' | 'estimatedWaitSeconds'> | null;
  unread: number;
  /** A transient problem to show the customer. */
  notice: Problem | null;
  busy: boolean;
  /** The pre-chat answers were refused when the first message started the conversation. */
  startRefusal: StartRefusal | null;
}

export interface Profile {
  name?: string;
  email?: string;
}

/** Where the widget gets its customer token and its SDK client from: the gateway, or a test's fakes. */
export interface ChatGateway {
  /** `priorToken`: the token this browser held, so a blocked visitor gets no new identity (docs/security.md). */
  authenticate(request: CustomerAuthRequest, priorToken?: string): Promise<CustomerAuthResponse>;
  /** A client for the session's token (a fresh one after the token was renewed); not connected yet. */
  client(session: WidgetSession): ClientApi;
}

/** The real gateway at `baseUrl` ('' for the iframe's own origin). */
export function gatewayAt(
  baseUrl: string,
  storage: WidgetStorage,
  socketOptions?: ConstructorParameters<typeof SwitchboardClient>[0]['socketOptions'],
): ChatGateway {
  return {
    authenticate: (request, priorToken) => customerAuth(baseUrl, request, priorToken),
    client: (session) =>
      new SwitchboardClient({
        url: baseUrl,
        namespace: 'customer',
        token: session.token,
        storage: storage.backing,
        storageKey: STORAGE_PREFIX,
        socketOptions,
      }),
  };
}

export interface ChatStoreOptions {
  gateway: ChatGateway;
  storage: WidgetStorage;
  customerType: string | null;
  /** Who the host page says its user is (`data-user-name`, `data-user-email`, `data-user-attributes`). */
  user?: HostUser;
  /** Sends visitor.context (tests hand in one with fixed browser facts). */
  visitor?: VisitorReporter;
  /** Timers of the typing expiry (tests inject their own clock). */
  schedule?: Schedule;
}

export const HISTORY_PAGE = 30;
/** The system lines that give the conversation its (new) assignee, naming them in `agentName`. */
const ASSIGNING_CODES: ReadonlySet<SystemCode> = new Set(['agent_joined', 'transfer_accepted', 'assigned']);
const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;
const START_RETRY_MS = [1000, 2000, 4000, 8000, 15000];
const REAUTH_MIN_INTERVAL_MS = 15000;

const initialState: ChatState = {
  status: 'booting',
  connection: 'idle',
  wasConnected: false,
  customer: null,
  conversation: null,
  actions: [],
  messages: [],
  pending: [],
  uploads: [],
  older: 'idle',
  agentTyping: null,
  agentName: null,
  agentReadSeq: 0,
  queue: null,
  unread: 0,
  notice: null,
  busy: false,
  startRefusal: null,
};

function maxAgentRead(conversation: Conversation): number {
  return Math.max(0, ...Object.values(conversation.reads.agents));
}

const PROBLEM_BY_CODE: Partial<Record<ClientErrorCode, Problem>> = {
  payload_too_large: 'tooLarge',
  rate_limited: 'rateLimited',
  network: 'networkTrouble',
  timeout: 'networkTrouble',
};

/** The problem to tell the customer; the codes they can do something about get their own. */
export function describeError<F extends Problem | null>(error: unknown, fallback: F): Problem | F {
  if (!(error instanceof SwitchboardError)) return fallback;
  if (error.reason === 'type_not_accepted') return 'typeNotAccepted';
  if (error.reason === 'wrong_state') return 'chatEnded';
  if (error.reason === 'blocked') return 'blocked';
  if (error.reason === 'recall_window_passed') return 'recallTooLate';
  return PROBLEM_BY_CODE[error.code] ?? fallback;
}

/** The fields a `bad_request` refusal names (its details), or null when it is another error. */
export function startProblemsOf(error: unknown): StartProblem[] | null {
  if (!(error instanceof SwitchboardError) || error.code !== 'bad_request' || !Array.isArray(error.details)) return null;
  const problems = (error.details as Array<{ field?: unknown; code?: unknown }>)
    .filter((d) => typeof d?.field === 'string')
    .map((d) => ({ field: d.field as string, code: typeof d.code === 'string' ? d.code : null }));
  return problems.length > 0 ? problems : null;
}

function describeUpload(upload: ThreadUpload): LocalUpload {
  const { error, ...rest } = upload;
  return error ? { ...rest, error: describeError(error, 'fileFailed') } : rest;
}

/**
 * The widget's state and everything it does, over the SDK. React reads it with useSyncExternalStore; the
 * components never talk to the socket themselves.
 */
export class ChatStore {
  private state: ChatState = initialState;
  private readonly listeners = new Set<() => void>();
  private client: ClientApi | null = null;
  private clientSubscriptions: Array<() => void> = [];
  /** The conversation on screen, as the SDK delivers it. */
  private thread: ConversationThread | null = null;
  private threadSubscription: (() => void) | null = null;
  /** Files picked before the conversation existed, shown while it starts. */
  private startingUploads: LocalUpload[] = [];
  private session: WidgetSession | null = null;
  private profile: Profile = {};
  private startDetails: StartDetails = {};
  /** Texts typed before a conversation exists; sent through the outbox once it does. */
  private drafts: PendingMessage[] = [];
  private starting: Promise<Conversation> | null = null;
  private startAttempt = 0;
  private startRetry: ReturnType<typeof setTimeout> | null = null;
  private readSent = 0;
  private typingSentAt = 0;
  private typingIdle: ReturnType<typeof setTimeout> | null = null;
  private readonly agentNames = new Map<string, string>();
  /**
   * The assignee's name as the newest system line that gave the conversation an agent said it ("Ana joined"),
   * for the header and the typing indicator before that agent has written anything.
   */
  private assigneeName: string | null = null;
  private lastReauthAt = 0;
  private localIds = 0;
  private disposed = false;
  private readonly visitor: VisitorReporter;

  constructor(private readonly options: ChatStoreOptions) {
    this.visitor = options.visitor ?? new VisitorReporter();
  }

  // ---- React's side ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ChatState => this.state;

  private set(patch: Partial<ChatState>): void {
    const next = { ...this.state, ...patch };
    const agentId = next.conversation?.agentId;
    next.agentName = agentId ? this.agentNameOf(agentId, next.conversation) : null;
    if (next.conversation !== this.state.conversation || next.customer !== this.state.customer)
      next.actions =
        next.conversation && next.customer
          ? allowedActions(next.conversation, { id: next.customer.id, role: 'customer' })
          : [];
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  // ---- lifecycle ----

  boot(): void {
    const session = this.options.storage.session();
    if (session) {
      this.session = session;
      const cached = this.options.storage.conversation();
      if (cached && cached.customer.id === session.customer.id && cached.artificialType !== 'closed') {
        this.adopt(cached, false);
      }
      this.set({ customer: session.customer });
      this.openClient(session);
      void this.refreshHostUser(session);
    }
    this.set({ status: 'ready' });
  }

  /** The page the visitor is on (the loader's report): sent to the agents as visitor.context. */
  reportPage(page: HostPage): void {
    this.visitor.page(page);
  }

  dispose(): void {
    this.disposed = true;
    this.closeClient();
    for (const timer of [this.startRetry, this.typingIdle]) {
      if (timer) clearTimeout(timer);
    }
    this.listeners.clear();
  }

  private openClient(session: WidgetSession): void {
    const client = this.options.gateway.client(session);
    this.client = client;
    this.clientSubscriptions = [
      client.on('connection', (state) => this.onConnection(state)),
      client.on('outbox', () => this.refreshPending()),
      client.on('conversation.updated', (updated) => this.onConversationUpdated(updated)),
      client.on('queue.position', (event) => {
        if (event.conversationId === this.state.conversation?.id) {
          this.set({ queue: { position: event.position, estimatedWaitSeconds: event.estimatedWaitSeconds } });
        }
      }),
      client.on('receipt', (receipt) => {
        if (receipt.conversationId !== this.state.conversation?.id) return;
        if (receipt.reader.type !== 'customer' && receipt.seq > this.state.agentReadSeq) {
          this.set({ agentReadSeq: receipt.seq });
        }
      }),
      client.on('unread', (event) => this.set({ unread: event.total })),
    ];
    // A conversation on screen is followed by the new client from where the old one was (a renewed token).
    const conversation = this.state.conversation;
    if (conversation && this.thread) this.openThread(conversation);
    this.refreshPending();
    client.connect();
  }

  private closeClient(): void {
    this.visitor.connection(null);
    for (const off of this.clientSubscriptions) off();
    this.clientSubscriptions = [];
    this.client?.close();
    this.client = null;
  }

  private onConnection(connection: ConnectionState): void {
    this.set({ connection, wasConnected: this.state.wasConnected || connection === 'connected' });
    this.visitor.connection(connection === 'connected' ? this.client : null);
    if (connection === 'connected') void this.resume();
    if (connection === 'unauthorized') void this.reauthenticate();
  }

  /** After every (re)connect: find the live conversation (it may have changed meanwhile) and its history. */
  private async resume(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      const current = await client.request(CLIENT_EVENTS.conversationCurrent, {});
      if (current) {
        this.adopt(current);
      } else if (this.state.conversation && this.state.conversation.artificialType !== 'closed') {
        // Ended while we were away: show how it ended (and offer the rating).
        this.adopt(await client.conversation(this.state.conversation.id));
      }
      await this.loadLatest();
    } catch {
      // The next reconnect tries again; the SDK's sync still runs for the tracked conversation.
    }
  }

  /** The token expired or the gateway's secret changed: the visitorId gets a fresh token for the same customer. */
  private async reauthenticate(): Promise<void> {
    const session = this.session;
    if (!session || Date.now() - this.lastReauthAt < REAUTH_MIN_INTERVAL_MS) return;
    this.lastReauthAt = Date.now();
    try {
      const auth = await this.options.gateway.authenticate(
        {
          visitorId: session.visitorId,
          ...(this.options.customerType ? { type: this.options.customerType } : {}),
          ...this.hostAttributes(),
        },
        session.token,
      );
      if (this.disposed) return;
      if (auth.customer.id !== session.customer.id) this.resetConversation();
      this.session = { token: auth.token, visitorId: auth.visitorId, customer: auth.customer };
      this.options.storage.saveSession(this.session);
      this.closeClient();
      this.set({ customer: auth.customer });
      this.openClient(this.session);
    } catch (error) {
      this.set({ notice: describeError(error, 'reachRetrying') });
    }
  }

  // ---- incoming ----

  private onConversationUpdated(updated: Conversation): void {
    const current = this.state.conversation;
    if (updated.customer.id !== this.session?.customer.id) return;
    if (current?.id === updated.id) {
      this.adopt(updated);
    } else if (updated.artificialType !== 'closed' && (!current || current.artificialType === 'closed')) {
      // Started in another tab: follow it here too.
      this.adopt(updated);
      void this.loadLatest().catch(() => undefined);
    }
  }

  /**
   * Makes `conversation` the one on screen (or updates it). One known from the gateway gets its thread; one
   * only known from the cache waits for resume() to have its fresh lastSeq, so older history is not replayed.
   */
  private adopt(conversation: Conversation, fromGateway = true): void {
    const previous = this.state.conversation;
    const switching = previous?.id !== conversation.id;
    // Every transition writes a system message, so lastSeq orders the snapshots of one conversation: an
    // answer that was overtaken by a push (e.g. conversation.current racing conversation.updated) is stale.
    if (!switching && previous && conversation.lastSeq < previous.lastSeq) {
      if (fromGateway && !this.thread) this.openThread(previous);
      return;
    }
    if (switching) {
      this.closeThread();
      this.readSent = 0;
    }
    const queued = QUEUED_STATES.includes(conversation.artificialType);
    this.options.storage.saveConversation(conversation);
    this.set({
      conversation,
      ...(switching
        ? { messages: [], older: 'idle' as const, agentTyping: null, uploads: this.startingUploads }
        : {}),
      agentReadSeq: Math.max(switching ? 0 : this.state.agentReadSeq, maxAgentRead(conversation)),
      queue: queued ? (switching ? null : this.state.queue) : null,
      unread: conversation.artificialType === 'closed' ? 0 : conversation.unread.customer,
    });
    if (fromGateway && !this.thread) this.openThread(conversation);
    this.refreshPending();
  }

  /**
   * Follows `conversation` through the current client. A thread that was on screen with the previous client
   * hands its messages over, and the catch-up starts where they end.
   */
  private openThread(conversation: Conversation): void {
    const client = this.client;
    if (!client) return;
    const before = this.thread?.conversationId === conversation.id ? this.thread.getSnapshot() : null;
    this.closeThread();
    const thread = new ConversationThread(client, conversation.id, {
      typingFrom: ['agent', 'supervisor'],
      pageSize: HISTORY_PAGE,
      schedule: this.options.schedule,
    });
    this.thread = thread;
    this.threadSubscription = thread.subscribe(() => this.showThread(thread.getSnapshot()));
    thread.start(before?.loaded ? contiguousSeq(before.messages) : conversation.lastSeq);
    if (before?.loaded) thread.seed(before.messages);
    this.showThread(thread.getSnapshot());
  }

  private closeThread(): void {
    this.threadSubscription?.();
    this.threadSubscription = null;
    this.thread?.stop();
    this.thread = null;
  }

  /** What the thread holds, in the widget's terms (the agent's name, sentences for failed uploads). */
  private showThread(snapshot: ThreadSnapshot): void {
    if (snapshot.messages !== this.state.messages) this.learnNames(snapshot.messages);
    this.set({
      messages: snapshot.messages,
      pending: [...snapshot.pending, ...this.drafts],
      uploads: [...this.startingUploads, ...snapshot.uploads.map(describeUpload)],
      older: snapshot.older,
      agentTyping: snapshot.typing
        ? { name: this.agentNameOf(snapshot.typing.userId, this.state.conversation) }
        : null,
    });
  }

  private resetConversation(): void {
    this.closeThread();
    this.assigneeName = null;
    this.options.storage.saveConversation(null);
    this.readSent = 0;
    this.set({
      conversation: null,
      messages: [],
      pending: this.drafts,
      uploads: [],
      older: 'idle',
      agentTyping: null,
      agentReadSeq: 0,
      queue: null,
      unread: 0,
    });
  }

  private async loadLatest(): Promise<void> {
    await this.thread?.loadLatest();
  }

  /** Older history, when the customer scrolls to the top. */
  async loadOlder(): Promise<void> {
    await this.thread?.loadOlder().catch(() => undefined);
  }

  private learnNames(messages: Message[]): void {
    for (const message of messages) {
      if (message.sender.type === 'agent') this.agentNames.set(message.sender.id, message.sender.name);
      const system = message.system;
      if (system && ASSIGNING_CODES.has(system.code) && 'agentName' in system.params) {
        this.assigneeName = system.params.agentName;
      }
    }
  }

  private agentNameOf(agentId: string, conversation: Conversation | null): string | null {
    return this.agentNames.get(agentId) ?? (agentId === conversation?.agentId ? this.assigneeName : null);
  }

  private refreshPending(): void {
    const outbox = this.thread?.getSnapshot().pending ?? [];
    this.set({ pending: [...outbox, ...this.drafts] });
  }

  // ---- what the customer does ----

  setProfile(profile: Profile): void {
    this.profile = profile;
  }

  /** The pre-chat answers (and team) the next `conversation.start` carries. */
  setStartDetails(details: StartDetails): void {
    this.startDetails = details;
    if (this.state.startRefusal) this.set({ startRefusal: null });
  }

  /**
   * Section 9's offline form: `conversation.start { text, offline: true, email, name }`, and the conversation then
   * behaves as any other. Resolves with the fields the gateway refused ([] for another failure), or null when sent.
   */
  async leaveOfflineMessage(message: OfflineMessage): Promise<StartProblem[] | null> {
    const name = message.name?.trim();
    this.profile = { name, email: message.email };
    this.set({ busy: true, notice: null });
    try {
      await this.ensureSession();
      const client = this.client as ClientApi;
      const conversation = await client.request(
        CLIENT_EVENTS.conversationStart,
        { text: message.text, offline: true, email: message.email, ...(name ? { name } : {}) },
        15000,
      );
      this.adopt(conversation);
      void this.loadLatest().catch(() => undefined);
      return null;
    } catch (error) {
      const problems = startProblemsOf(error);
      if (!problems) this.set({ notice: describeError(error, 'offlineFailed') });
      return problems ?? [];
    } finally {
      this.set({ busy: false });
    }
  }

  /**
   * Queues a text message (quoting `replyToSeq`, section 8). The first message of a chat starts the conversation,
   * then goes through the outbox.
   */
  send(raw: string, replyToSeq?: number): void {
    const text = raw.trim();
    if (!text) return;
    this.stopTyping();
    if (this.liveConversation() && this.thread) {
      this.thread.send(text, replyToSeq);
      return;
    }
    this.drafts.push({
      clientMsgId: `draft-${++this.localIds}`,
      conversationId: '',
      kind: 'text',
      text,
      attachmentId: null,
      createdAt: new Date().toISOString(),
      status: 'queued',
    });
    this.refreshPending();
    void this.startAndFlushDrafts();
  }

  /**
   * Uploads a file (with the token) and sends it as an image or file message; the first one of a chat starts
   * the conversation first.
   */
  async sendFile(file: File): Promise<void> {
    if (!this.liveConversation() || !this.thread) {
      const starting: LocalUpload = { id: `upload-${++this.localIds}`, name: file.name, status: 'uploading' };
      this.setStartingUploads([...this.startingUploads, starting]);
      try {
        await this.ensureConversation();
      } catch (error) {
        const failed = { ...starting, status: 'failed' as const, error: describeError(error, 'fileFailed') };
        this.setStartingUploads(
          this.startingUploads.map((entry) => (entry.id === starting.id ? failed : entry)),
        );
        return;
      }
      this.setStartingUploads(this.startingUploads.filter((entry) => entry.id !== starting.id));
    }
    await this.thread?.sendFile(file, file.name);
  }

  dismissUpload(id: string): void {
    if (this.startingUploads.some((entry) => entry.id === id))
      this.setStartingUploads(this.startingUploads.filter((entry) => entry.id !== id));
    else this.thread?.dismissUpload(id);
  }

  private setStartingUploads(uploads: LocalUpload[]): void {
    this.startingUploads = uploads;
    const fromThread = this.thread?.getSnapshot().uploads.map(describeUpload) ?? [];
    this.set({ uploads: [...uploads, ...fromThread] });
  }

  retry(clientMsgId: string): void {
    this.client?.retry(clientMsgId);
  }

  discard(clientMsgId: string): void {
    this.client?.discard(clientMsgId);
  }

  fetchAttachment(attachment: Attachment): Promise<Blob> {
    if (!this.client) return Promise.reject(new Error('not connected'));
    return this.client.fetchAttachment(attachment);
  }

  attachmentLink(attachment: Attachment): Promise<AttachmentLink> {
    if (!this.client) return Promise.reject(new Error('not connected'));
    return this.client.attachmentLink(attachment);
  }

  /** Called as the customer types: `typing` at most every few seconds, and a stop after a pause. */
  typing(hasText: boolean): void {
    const conversation = this.liveConversation();
    if (!conversation || this.state.connection !== 'connected') return;
    if (this.typingIdle) clearTimeout(this.typingIdle);
    this.typingIdle = null;
    if (!hasText) {
      this.stopTyping();
      return;
    }
    if (Date.now() - this.typingSentAt > TYPING_REPEAT_MS) {
      this.typingSentAt = Date.now();
      this.emitTyping(conversation.id, true);
    }
    this.typingIdle = setTimeout(() => this.stopTyping(), TYPING_IDLE_MS);
  }

  private stopTyping(): void {
    if (this.typingIdle) clearTimeout(this.typingIdle);
    this.typingIdle = null;
    const conversation = this.state.conversation;
    if (this.typingSentAt === 0 || !conversation) return;
    this.typingSentAt = 0;
    this.emitTyping(conversation.id, false);
  }

  private emitTyping(conversationId: string, isTyping: boolean): void {
    this.client?.request(CLIENT_EVENTS.typing, { conversationId, isTyping }).catch(() => undefined);
  }

  /** The customer has seen everything on screen: move their read marker (clears the badge everywhere). */
  markRead(): void {
    const conversation = this.state.conversation;
    const last = this.state.messages[this.state.messages.length - 1];
    if (!conversation || !last || !this.client || this.state.connection !== 'connected') return;
    if (last.seq <= Math.max(conversation.reads.customer, this.readSent)) return;
    const previous = this.readSent;
    this.readSent = last.seq;
    this.client
      .request(CLIENT_EVENTS.messageRead, { conversationId: conversation.id, seq: last.seq })
      .then((result) => {
        if (result.conversationId === this.state.conversation?.id) this.set({ unread: result.unread });
      })
      .catch(() => {
        this.readSent = previous;
      });
  }

  endChat(): Promise<void> {
    return this.transition(CLIENT_EVENTS.conversationClose);
  }

  confirmClose(): Promise<void> {
    return this.transition(CLIENT_EVENTS.conversationCloseConfirm);
  }

  /**
   * The customer answers the agent's proposal to close: writing moves the conversation back to serving. The words
   * ("I still need help", "我还需要帮助") are the customer's, in their language, as if typed.
   */
  stillNeedHelp(words: string): void {
    this.send(words);
  }

  async rate(score: number, comment: string): Promise<void> {
    const conversation = this.state.conversation;
    if (!conversation || !this.client) return;
    const trimmed = comment.trim();
    await this.run(async (client) => {
      this.adopt(
        await client.request(CLIENT_EVENTS.conversationRate, {
          conversationId: conversation.id,
          score,
          ...(trimmed ? { comment: trimmed } : {}),
        }),
      );
    }, 'ratingFailed');
  }

  /** Leaves the ended conversation behind; the next message starts a new one. */
  newChat(): void {
    const previous = this.state.conversation;
    // Whatever the server refused for the ended chat can no longer be sent.
    if (previous)
      for (const entry of this.client?.pending(previous.id) ?? []) this.client?.discard(entry.clientMsgId);
    this.resetConversation();
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  /** Section 8: recalls one of the customer's messages; a refusal (too late) is told as a notice. */
  async recall(seq: number): Promise<void> {
    const thread = this.thread;
    if (!thread) return;
    try {
      await thread.recall(seq);
    } catch (error) {
      this.set({ notice: describeError(error, 'recallFailed') });
    }
  }

  private async transition(
    event: typeof CLIENT_EVENTS.conversationClose | typeof CLIENT_EVENTS.conversationCloseConfirm,
  ): Promise<void> {
    const conversation = this.state.conversation;
    if (!conversation) return;
    await this.run(async (client) => {
      this.adopt(await client.request(event, { conversationId: conversation.id }));
    }, 'endFailed');
  }

  private async run(action: (client: ClientApi) => Promise<void>, failure: Problem): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.set({ busy: true, notice: null });
    try {
      await action(client);
    } catch (error) {
      this.set({ notice: describeError(error, failure) });
    } finally {
      this.set({ busy: false });
    }
  }

  private liveConversation(): Conversation | null {
    const conversation = this.state.conversation;
    return conversation && conversation.artificialType !== 'closed' ? conversation : null;
  }

  // ---- starting a conversation ----

  /** The host page's attributes for POST /api/auth/customer, when it gave any. */
  private hostAttributes(): { attributes?: CustomerAttributes } {
    const attributes = this.options.user?.attributes ?? {};
    return Object.keys(attributes).length > 0 ? { attributes } : {};
  }

  /**
   * A returning visitor's stored session predates this page load: what the host page says about its user now
   * (attributes, name, e-mail) is told to the gateway once, in the background. The socket keeps its token.
   */
  private async refreshHostUser(session: WidgetSession): Promise<void> {
    const user = this.options.user;
    if (!user || (!user.name && !user.email && Object.keys(user.attributes).length === 0)) return;
    try {
      const auth = await this.options.gateway.authenticate(
        {
          visitorId: session.visitorId,
          ...(user.name ? { name: user.name } : {}),
          ...(user.email ? { email: user.email } : {}),
          ...(this.options.customerType ? { type: this.options.customerType } : {}),
          ...this.hostAttributes(),
        },
        session.token,
      );
      if (this.disposed || auth.customer.id !== session.customer.id || this.session !== session) return;
      this.session = { token: auth.token, visitorId: auth.visitorId, customer: auth.customer };
      this.options.storage.saveSession(this.session);
      this.set({ customer: auth.customer });
    } catch {
      // The stored session still works; the next page load tries again.
    }
  }

  private async ensureSession(): Promise<WidgetSession> {
    if (this.session) return this.session;
    // What the visitor typed in the pre-chat form wins over what the host page said.
    const name = this.profile.name?.trim() || this.options.user?.name || undefined;
    const email = this.profile.email?.trim() || this.options.user?.email || undefined;
    const type = this.options.customerType ? { type: this.options.customerType } : {};
    const auth = await this.options.gateway
      .authenticate({
        ...(name ? { name } : {}),
        ...(email ? { email } : {}),
        ...type,
        ...this.hostAttributes(),
      })
      .catch((error: unknown) => {
        // The optional details were refused (say, an e-mail the server finds invalid): the chat matters more.
        if (error instanceof SwitchboardError && error.code === 'bad_request' && (name || email || this.hostAttributes().attributes)) {
          return this.options.gateway.authenticate(type);
        }
        throw error;
      });
    const session: WidgetSession = { token: auth.token, visitorId: auth.visitorId, customer: auth.customer };
    this.session = session;
    this.options.storage.saveSession(session);
    this.set({ customer: auth.customer });
    this.openClient(session);
    return session;
  }

  /**
   * The conversation starts without text, and the first message goes through the outbox like every other:
   * one code path, one idempotency key, so it is neither lost nor doubled when the network hiccups.
   */
  private ensureConversation(): Promise<Conversation> {
    const live = this.liveConversation();
    if (live) return Promise.resolve(live);
    this.starting ??= (async () => {
      await this.ensureSession();
      const client = this.client as ClientApi;
      // `teamId` is section 9's; the gateway takes it once teams exist (the widget only offers listed teams).
      const details = this.startDetails;
      const payload = {
        ...(details.fields && Object.keys(details.fields).length > 0 ? { fields: details.fields } : {}),
        ...(details.teamId ? { teamId: details.teamId } : {}),
      };
      const conversation = await client.request(CLIENT_EVENTS.conversationStart, payload, 15000);
      this.adopt(conversation);
      void this.loadLatest().catch(() => undefined);
      return conversation;
    })().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  private async startAndFlushDrafts(): Promise<void> {
    if (this.startRetry) clearTimeout(this.startRetry);
    this.startRetry = null;
    try {
      const conversation = await this.ensureConversation();
      this.startAttempt = 0;
      const drafts = this.drafts;
      this.drafts = [];
      for (const draft of drafts) this.client?.send(conversation.id, { text: draft.text ?? '' });
      this.set({ notice: null });
      this.refreshPending();
    } catch (error) {
      if (this.disposed || this.drafts.length === 0) return;
      const problems = startProblemsOf(error);
      if (problems) {
        // The answers were refused: nothing was started; the text goes back to the box, the problems to the fields.
        const text = this.drafts.map((draft) => draft.text ?? '').join('\n');
        this.drafts = [];
        this.refreshPending();
        this.set({ startRefusal: { problems, text } });
        return;
      }
      const notice = describeError(error, 'startRetrying');
      this.set({ notice });
      if (notice === 'blocked') return; // a supervisor lifts a block; trying again would not
      const delay = START_RETRY_MS[Math.min(this.startAttempt++, START_RETRY_MS.length - 1)];
      this.startRetry = setTimeout(() => void this.startAndFlushDrafts(), delay);
    }
  }
}
