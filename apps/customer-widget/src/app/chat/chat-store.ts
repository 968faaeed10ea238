import {
  CLIENT_EVENTS,
  QUEUED_STATES,
  type Attachment,
  type AttachmentLink,
  type Conversation,
  type CustomerInfo,
  type Message,
  type QueuePositionEvent,
} from '@switchboard/protocol';
import {
  SwitchboardClient,
  SwitchboardError,
  customerAuth,
  type ClientErrorCode,
  type ConnectionState,
  type PendingMessage,
} from '@switchboard/client';
import { STORAGE_PREFIX, type WidgetSession, type WidgetStorage } from './widget-storage';

/** A file the customer picked that is not in the outbox yet (uploading, or refused by the server). */
export interface LocalUpload {
  id: string;
  name: string;
  status: 'uploading' | 'failed';
  error?: string;
}

export interface ChatState {
  /** 'booting' until the stored session (if any) has been read. */
  status: 'booting' | 'ready';
  connection: ConnectionState | 'idle';
  /** True once the socket has been connected at least once: a later drop shows "Reconnecting…". */
  wasConnected: boolean;
  customer: CustomerInfo | null;
  conversation: Conversation | null;
  /** Stored messages of the conversation, ascending by seq, each seq once. */
  messages: Message[];
  /** The SDK's outbox entries for this conversation, plus texts typed before the conversation existed. */
  pending: PendingMessage[];
  uploads: LocalUpload[];
  older: 'idle' | 'loading' | 'done';
  agentTyping: string | null;
  /** The current assignee's name, learnt from their messages (null until they write). */
  agentName: string | null;
  /** The furthest any agent has read (their read markers and receipts). */
  agentReadSeq: number;
  queue: Pick<QueuePositionEvent, 'position' | 'estimatedWaitSeconds'> | null;
  unread: number;
  /** A transient problem to show the customer. */
  notice: string | null;
  busy: boolean;
}

export interface Profile {
  name?: string;
  email?: string;
}

export interface ChatStoreOptions {
  /** The gateway origin; '' for the iframe's own origin. */
  baseUrl: string;
  storage: WidgetStorage;
  customerType: string | null;
  /** Passed to the SDK (tests use `{ transports: ['websocket'] }`). */
  socketOptions?: ConstructorParameters<typeof SwitchboardClient>[0]['socketOptions'];
}

export const HISTORY_PAGE = 30;
const TYPING_REPEAT_MS = 3000;
const TYPING_IDLE_MS = 4000;
const AGENT_TYPING_EXPIRY_MS = 8000;
const START_RETRY_MS = [1000, 2000, 4000, 8000, 15000];
const REAUTH_MIN_INTERVAL_MS = 15000;
export const STILL_NEED_HELP = 'I still need help';

const initialState: ChatState = {
  status: 'booting',
  connection: 'idle',
  wasConnected: false,
  customer: null,
  conversation: null,
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
};

function maxAgentRead(conversation: Conversation): number {
  return Math.max(0, ...Object.values(conversation.reads.agents));
}

/** Inserts messages into an ascending list, keeping each seq once (history, live and sync overlap). */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map<number, Message>();
  for (const message of current) bySeq.set(message.seq, message);
  let changed = false;
  for (const message of incoming) {
    if (!bySeq.has(message.seq)) {
      bySeq.set(message.seq, message);
      changed = true;
    }
  }
  return changed ? [...bySeq.values()].sort((a, b) => a.seq - b.seq) : current;
}

const NETWORK_TROUBLE = 'We could not reach support. Check your connection and try again.';
const MESSAGE_BY_CODE: Partial<Record<ClientErrorCode, string>> = {
  payload_too_large: 'That file is too large to send.',
  rate_limited: 'You are sending too fast. Please wait a moment.',
  network: NETWORK_TROUBLE,
  timeout: NETWORK_TROUBLE,
};

/** A sentence for the customer; the codes they can do something about get their own. */
function describeError(error: unknown, fallback: string): string {
  if (!(error instanceof SwitchboardError)) return fallback;
  if (error.status === 415) return 'That type of file cannot be sent.';
  return MESSAGE_BY_CODE[error.code] ?? fallback;
}

/**
 * The widget's state and everything it does, over the SDK. React reads it with useSyncExternalStore; the
 * components never talk to the socket themselves.
 */
export class ChatStore {
  private state: ChatState = initialState;
  private readonly listeners = new Set<() => void>();
  private client: SwitchboardClient | null = null;
  private clientSubscriptions: Array<() => void> = [];
  private session: WidgetSession | null = null;
  private profile: Profile = {};
  /** Texts typed before a conversation exists; sent through the outbox once it does. */
  private drafts: PendingMessage[] = [];
  private starting: Promise<Conversation> | null = null;
  private startAttempt = 0;
  private startRetry: ReturnType<typeof setTimeout> | null = null;
  private historyLoadedFor: string | null = null;
  private readSent = 0;
  private typingSentAt = 0;
  private typingIdle: ReturnType<typeof setTimeout> | null = null;
  private agentTypingExpiry: ReturnType<typeof setTimeout> | null = null;
  private readonly agentNames = new Map<string, string>();
  private lastReauthAt = 0;
  private localIds = 0;
  private disposed = false;

  constructor(private readonly options: ChatStoreOptions) {}

  // ---- React's side ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ChatState => this.state;

  private set(patch: Partial<ChatState>): void {
    const next = { ...this.state, ...patch };
    const agentId = next.conversation?.agentId;
    next.agentName = agentId ? (this.agentNames.get(agentId) ?? null) : null;
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
        this.adopt(cached);
      }
      this.set({ customer: session.customer });
      this.openClient(session);
    }
    this.set({ status: 'ready' });
  }

  dispose(): void {
    this.disposed = true;
    this.closeClient();
    for (const timer of [this.startRetry, this.typingIdle, this.agentTypingExpiry]) {
      if (timer) clearTimeout(timer);
    }
    this.listeners.clear();
  }

  private openClient(session: WidgetSession): void {
    const client = new SwitchboardClient({
      url: this.options.baseUrl,
      namespace: 'customer',
      token: session.token,
      storage: this.options.storage.backing,
      storageKey: STORAGE_PREFIX,
      socketOptions: this.options.socketOptions,
    });
    this.client = client;
    // A conversation whose history is on screen is followed from there (a token refresh makes a new client);
    // one only known from the cache is followed from its fresh lastSeq once resume() has it.
    const conversation = this.state.conversation;
    if (conversation && this.historyLoadedFor === conversation.id)
      client.track(conversation.id, this.highestSeq());
    this.clientSubscriptions = [
      client.on('connection', (state) => this.onConnection(state)),
      client.on('message', (message) => this.onMessage(message)),
      client.on('outbox', () => this.refreshPending()),
      client.on('conversation.updated', (updated) => this.onConversationUpdated(updated)),
      client.on('queue.position', (event) => {
        if (event.conversationId === this.state.conversation?.id) {
          this.set({ queue: { position: event.position, estimatedWaitSeconds: event.estimatedWaitSeconds } });
        }
      }),
      client.on('typing', (event) => {
        if (event.conversationId !== this.state.conversation?.id || event.userType === 'customer') return;
        this.setAgentTyping(event.isTyping ? (this.agentNames.get(event.userId) ?? 'Agent') : null);
      }),
      client.on('receipt', (receipt) => {
        if (receipt.conversationId !== this.state.conversation?.id) return;
        if (receipt.reader.type !== 'customer' && receipt.seq > this.state.agentReadSeq) {
          this.set({ agentReadSeq: receipt.seq });
        }
      }),
      client.on('unread', (event) => this.set({ unread: event.total })),
    ];
    this.refreshPending();
    client.connect();
  }

  private closeClient(): void {
    for (const off of this.clientSubscriptions) off();
    this.clientSubscriptions = [];
    this.client?.close();
    this.client = null;
  }

  private onConnection(connection: ConnectionState): void {
    this.set({ connection, wasConnected: this.state.wasConnected || connection === 'connected' });
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
      const auth = await customerAuth(this.options.baseUrl, {
        visitorId: session.visitorId,
        ...(this.options.customerType ? { type: this.options.customerType } : {}),
      });
      if (this.disposed) return;
      if (auth.customer.id !== session.customer.id) this.resetConversation();
      this.session = { token: auth.token, visitorId: auth.visitorId, customer: auth.customer };
      this.options.storage.saveSession(this.session);
      this.closeClient();
      this.set({ customer: auth.customer });
      this.openClient(this.session);
    } catch {
      this.set({ notice: 'We could not reach support. Retrying…' });
    }
  }

  // ---- incoming ----

  private onMessage(message: Message): void {
    if (message.conversationId !== this.state.conversation?.id) return;
    this.learnNames([message]);
    const patch: Partial<ChatState> = { messages: mergeMessages(this.state.messages, [message]) };
    if (message.sender.type === 'agent') {
      patch.agentTyping = null;
    }
    this.set(patch);
  }

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

  /** Makes `conversation` the one on screen (or updates it), following it through the SDK. */
  private adopt(conversation: Conversation): void {
    const previous = this.state.conversation;
    const switching = previous?.id !== conversation.id;
    // Every transition writes a system message, so lastSeq orders the snapshots of one conversation: an
    // answer that was overtaken by a push (e.g. conversation.current racing conversation.updated) is stale.
    if (!switching && previous && conversation.lastSeq < previous.lastSeq) return;
    if (switching) {
      if (previous) this.client?.untrack(previous.id);
      this.historyLoadedFor = null;
      this.readSent = 0;
    }
    // Until the latest page is loaded over REST, follow from the server's lastSeq: what came before is history
    // (REST, paged), not something to replay through messages.sync.
    const fresh = switching || this.historyLoadedFor !== conversation.id;
    this.client?.track(conversation.id, fresh ? conversation.lastSeq : this.highestSeq());
    const queued = QUEUED_STATES.includes(conversation.artificialType);
    this.options.storage.saveConversation(conversation);
    this.set({
      conversation,
      ...(switching ? { messages: [], older: 'idle' as const, agentTyping: null, uploads: [] } : {}),
      agentReadSeq: Math.max(switching ? 0 : this.state.agentReadSeq, maxAgentRead(conversation)),
      queue: queued ? (switching ? null : this.state.queue) : null,
      unread: conversation.artificialType === 'closed' ? 0 : conversation.unread.customer,
    });
    this.refreshPending();
  }

  private resetConversation(): void {
    const previous = this.state.conversation;
    if (previous) this.client?.untrack(previous.id);
    this.options.storage.saveConversation(null);
    this.historyLoadedFor = null;
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
    const client = this.client;
    const conversation = this.state.conversation;
    if (!client || !conversation || this.historyLoadedFor === conversation.id) return;
    if (conversation.lastSeq === 0) {
      this.historyLoadedFor = conversation.id;
      this.set({ older: 'done' });
      return;
    }
    const page = await client.history(conversation.id, { limit: HISTORY_PAGE });
    if (this.state.conversation?.id !== conversation.id) return;
    this.historyLoadedFor = conversation.id;
    this.learnNames(page);
    this.set({
      messages: mergeMessages(this.state.messages, page),
      older: page.length < HISTORY_PAGE || page[0]?.seq === 1 ? 'done' : 'idle',
    });
  }

  /** Older history, when the customer scrolls to the top. */
  async loadOlder(): Promise<void> {
    const client = this.client;
    const conversation = this.state.conversation;
    const oldest = this.state.messages[0];
    if (!client || !conversation || !oldest || this.state.older !== 'idle') return;
    if (oldest.seq <= 1) {
      this.set({ older: 'done' });
      return;
    }
    this.set({ older: 'loading' });
    try {
      const page = await client.history(conversation.id, { beforeSeq: oldest.seq, limit: HISTORY_PAGE });
      if (this.state.conversation?.id !== conversation.id) return;
      this.learnNames(page);
      this.set({
        messages: mergeMessages(this.state.messages, page),
        older: page.length < HISTORY_PAGE || page[0]?.seq === 1 ? 'done' : 'idle',
      });
    } catch {
      this.set({ older: 'idle' });
    }
  }

  private learnNames(messages: Message[]): void {
    for (const message of messages) {
      if (message.sender.type === 'agent') this.agentNames.set(message.sender.id, message.sender.name);
    }
  }

  private highestSeq(): number {
    const messages = this.state.messages;
    return Math.max(messages[messages.length - 1]?.seq ?? 0, this.state.conversation?.lastSeq ?? 0);
  }

  private refreshPending(): void {
    const conversation = this.state.conversation;
    const outbox = conversation && this.client ? this.client.pending(conversation.id) : [];
    this.set({ pending: [...outbox, ...this.drafts] });
  }

  private setAgentTyping(name: string | null): void {
    if (this.agentTypingExpiry) clearTimeout(this.agentTypingExpiry);
    this.agentTypingExpiry = null;
    // A lost "stopped typing" must not leave the indicator on forever.
    if (name)
      this.agentTypingExpiry = setTimeout(() => this.set({ agentTyping: null }), AGENT_TYPING_EXPIRY_MS);
    this.set({ agentTyping: name });
  }

  // ---- what the customer does ----

  setProfile(profile: Profile): void {
    this.profile = profile;
  }

  /** Queues a text message. The first message of a chat starts the conversation, then goes through the outbox. */
  send(raw: string): void {
    const text = raw.trim();
    if (!text) return;
    this.stopTyping();
    const conversation = this.liveConversation();
    if (conversation && this.client) {
      this.client.send(conversation.id, { text });
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

  /** Uploads a file (with the token) and sends it as an image or file message. */
  async sendFile(file: File): Promise<void> {
    const upload: LocalUpload = { id: `upload-${++this.localIds}`, name: file.name, status: 'uploading' };
    this.set({ uploads: [...this.state.uploads, upload] });
    try {
      const conversation = this.liveConversation() ?? (await this.ensureConversation());
      const client = this.client as SwitchboardClient;
      const attachment: Attachment = await client.upload(file, file.name);
      const kind = attachment.mime.startsWith('image/') ? 'image' : 'file';
      client.send(conversation.id, { kind, attachmentId: attachment.id });
      this.set({ uploads: this.state.uploads.filter((entry) => entry.id !== upload.id) });
    } catch (error) {
      const message = describeError(error, 'The file could not be sent.');
      this.set({
        uploads: this.state.uploads.map((entry) =>
          entry.id === upload.id ? { ...entry, status: 'failed', error: message } : entry,
        ),
      });
    }
  }

  dismissUpload(id: string): void {
    this.set({ uploads: this.state.uploads.filter((entry) => entry.id !== id) });
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

  /** The customer answers the agent's proposal to close: writing moves the conversation back to serving. */
  stillNeedHelp(): void {
    this.send(STILL_NEED_HELP);
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
    }, 'Your rating could not be sent. Please try again.');
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

  private async transition(
    event: typeof CLIENT_EVENTS.conversationClose | typeof CLIENT_EVENTS.conversationCloseConfirm,
  ): Promise<void> {
    const conversation = this.state.conversation;
    if (!conversation) return;
    await this.run(async (client) => {
      this.adopt(await client.request(event, { conversationId: conversation.id }));
    }, 'The chat could not be ended. Please try again.');
  }

  private async run(action: (client: SwitchboardClient) => Promise<void>, failure: string): Promise<void> {
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

  private async ensureSession(): Promise<WidgetSession> {
    if (this.session) return this.session;
    const name = this.profile.name?.trim();
    const email = this.profile.email?.trim();
    const type = this.options.customerType ? { type: this.options.customerType } : {};
    const auth = await customerAuth(this.options.baseUrl, {
      ...(name ? { name } : {}),
      ...(email ? { email } : {}),
      ...type,
    }).catch((error: unknown) => {
      // The optional details were refused (say, an e-mail the server finds invalid): the chat matters more.
      if (error instanceof SwitchboardError && error.code === 'bad_request' && (name || email)) {
        return customerAuth(this.options.baseUrl, type);
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
      const client = this.client as SwitchboardClient;
      const conversation = await client.request(CLIENT_EVENTS.conversationStart, {}, 15000);
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
      this.set({ notice: describeError(error, 'We could not start the chat. Retrying…') });
      const delay = START_RETRY_MS[Math.min(this.startAttempt++, START_RETRY_MS.length - 1)];
      this.startRetry = setTimeout(() => void this.startAndFlushDrafts(), delay);
    }
  }
}
