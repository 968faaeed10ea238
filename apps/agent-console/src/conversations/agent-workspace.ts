import {
  ConversationThread,
  isQueued,
  QueueList,
  type ConnectionState,
  type ThreadSnapshot,
} from '@switchboard/client';
import {
  CLIENT_EVENTS,
  type AgentStatus,
  type AgentSummary,
  type Conversation,
  type Message,
  type Role,
} from '@switchboard/protocol';
import { CannedReplyBook } from '../canned-replies/canned-reply-book';
import { CustomerProfiles } from '../profile/customer-profiles';
import { alertUser } from '../shared/alerts';
import { errorReason, errorText, type ConsoleClient } from '../shared/console-client';
import { i18n } from '../shared/i18n';
import { createStore, type Store } from '../shared/store';
import { showToast } from '../shared/toasts';
import { isOfferFor, myConversations, previewText, withMessage } from './conversation-model';
import { NoteDesk } from './note-desk';
import { SearchDesk } from '../search/search-desk';

const t = i18n.t.bind(i18n);

export interface WorkspaceState {
  connection: ConnectionState;
  status: AgentStatus;
  /** The loaded pages of the queue, in order. */
  queue: Conversation[];
  /** How many wait in the whole queue, and whether more pages can be loaded. */
  queueTotal: number;
  queueHasMore: boolean;
  queueLoading: boolean;
  /** Every conversation this console knows, by id (mine, offered to me, the one open). */
  conversations: Record<string, Conversation>;
  mine: Conversation[];
  offers: Conversation[];
  selectedId: string | null;
  /** Counts every opening of a conversation (the same one again too): a phone moves to the thread pane on each. */
  selections: number;
  /** The conversations opened in this tab, as their ConversationThread has them. */
  threads: Record<string, ThreadSnapshot>;
}

const PREVIEW_DELAY_MS = 400;
const SELECTED_KEY = 'switchboard.console.selected';

/**
 * The agent's live state: the queue, their conversations, offers and open threads, kept current from the
 * SDK's events. Components read `store` and call the actions; nothing else talks to the client.
 */
export class AgentWorkspace {
  readonly store: Store<WorkspaceState>;
  /** Private notes and mentions of me (notes slice). */
  readonly notes: NoteDesk;
  /** The canned replies (personal and team), loaded the first time the `/` list or their screen needs them. */
  readonly cannedReplies: CannedReplyBook;
  /** The top bar's search and the message a result asks the thread to show. */
  readonly search: SearchDesk;
  /** The customers' profiles and histories shown in the details panel (issue 14). */
  readonly profiles: CustomerProfiles;
  private readonly queueList: QueueList;
  private readonly offs: Array<() => void> = [];
  private readonly openThreads = new Map<string, ConversationThread>();
  private loaded = false;

  constructor(
    readonly client: ConsoleClient,
    readonly me: { id: string; name: string; role: Role },
    private readonly onUnauthorized: () => void = () => undefined,
  ) {
    this.store = createStore<WorkspaceState>({
      connection: client.connection,
      status: 'online',
      queue: [],
      queueTotal: 0,
      queueHasMore: false,
      queueLoading: false,
      conversations: {},
      mine: [],
      offers: [],
      selectedId: null,
      selections: 0,
      threads: {},
    });
    this.queueList = new QueueList(client);
    this.notes = new NoteDesk(client, me, (id) => this.open(id));
    this.cannedReplies = new CannedReplyBook(client.api.bind(client));
    this.search = new SearchDesk(client.api.bind(client), (id) => this.open(id));
    this.profiles = new CustomerProfiles(client);
  }

  start(): void {
    const c = this.client;
    this.offs.push(
      this.queueList.subscribe(({ conversations, total, hasMore, loading }) =>
        this.store.set({
          queue: conversations,
          queueTotal: total,
          queueHasMore: hasMore,
          queueLoading: loading,
        }),
      ),
      c.on('connection', (connection) => {
        this.store.set({ connection });
        if (connection === 'connected') void this.refresh();
        if (connection === 'unauthorized') this.onUnauthorized();
      }),
      c.on('queue.updated', (update) => {
        this.queueList.applyUpdate(update);
        this.arrived(update.added ?? []);
      }),
      c.on('conversation.updated', (conversation) => this.upsert([conversation])),
      c.on('transfer.offered', (conversation) => {
        this.upsert([conversation]);
        const note = conversation.transfer?.note;
        alertUser(
          t('notification.transferOffered'),
          note
            ? t('notification.transferOfferedBody', { customer: conversation.customer.name, note })
            : conversation.customer.name,
          { conversationId: conversation.id },
        );
      }),
      c.on('message', (message) => this.receive(message)),
      c.on('unread', ({ conversationId, count }) =>
        this.patch(conversationId, (conv) => ({ ...conv, unread: { ...conv.unread, agent: count } })),
      ),
      c.on('receipt', ({ conversationId, reader, seq }) => {
        if (reader.type !== 'customer') return;
        this.patch(conversationId, (conv) => ({
          ...conv,
          reads: { ...conv.reads, customer: Math.max(conv.reads.customer, seq) },
        }));
      }),
      c.on('presence', ({ agentId, status }) => {
        if (agentId === this.me.id && status !== 'offline') this.store.set({ status });
      }),
    );
    this.notes.start();
    this.profiles.start();
    c.connect();
    if (c.connection === 'connected') void this.refresh();
  }

  stop(): void {
    this.notes.stop();
    this.profiles.stop();
    this.offs.splice(0).forEach((off) => off());
    this.openThreads.forEach((thread) => thread.stop());
    this.openThreads.clear();
    this.client.close();
  }

  /** Reloads the queue and my conversations (at connect and after every reconnect). */
  async refresh(): Promise<void> {
    try {
      const [mine] = await Promise.all([
        this.client.request(CLIENT_EVENTS.conversationsMine, {}),
        this.queueList.reload(),
      ]);
      this.store
        .get()
        .queue.filter((c) => !c.lastMessage)
        .forEach((c) => this.fillPreview(c.id));
      const before = this.store.get();
      this.upsert(mine.conversations);
      // What changed while we were away (moved on, closed, offers expired) comes back by id.
      const stale = [...before.mine, ...before.offers].filter(
        (c) => !mine.conversations.some((m) => m.id === c.id),
      );
      void Promise.all(stale.map((c) => this.client.conversation(c.id).catch(() => null))).then((fresh) =>
        this.upsert(fresh.filter((c): c is Conversation => !!c)),
      );
      const saved = sessionStorage.getItem(SELECTED_KEY);
      if (!this.store.get().selectedId && saved && mine.conversations.some((c) => c.id === saved))
        this.select(saved);
      this.loaded = true;
    } catch (error) {
      showToast(t('toast.queueFailed', { reason: errorText(error) }), 'error');
    }
    // My own status is only announced to others (presence), so read it from the agent list.
    const self = await this.listAgents()
      .then((agents) => agents.find((a) => a.id === this.me.id))
      .catch(() => undefined);
    if (self && self.status !== 'offline') this.store.set({ status: self.status });
  }

  async grab(conversationId: string): Promise<void> {
    try {
      const conversation = await this.client.request(CLIENT_EVENTS.conversationGrab, { conversationId });
      this.upsert([conversation]);
      this.select(conversation.id);
    } catch (error) {
      // Only `taken` means the row is gone; `not_online` or `at_capacity` are about me, so it still waits.
      if (errorReason(error) !== 'taken') return showToast(errorText(error), 'error');
      this.queueList.remove(conversationId);
      showToast(t('toast.taken'));
    }
  }

  /** The next page of the queue, as the list scrolls to its end. */
  loadMoreQueue(): void {
    this.queueList
      .loadMore()
      .catch((error: unknown) => showToast(t('toast.queueFailed', { reason: errorText(error) }), 'error'));
  }

  /** `g`: grab the inquiry that has waited longest (the queue is already in that order). */
  grabNext(): void {
    const next = this.store.get().queue[0];
    if (!next || this.me.role !== 'agent') return;
    if (this.store.get().status !== 'online') showToast(t('toast.goOnline'));
    else void this.grab(next.id);
  }

  select(conversationId: string | null): void {
    this.store.set((s) => ({ selectedId: conversationId, selections: s.selections + (conversationId ? 1 : 0) }));
    // Remembered per tab, so a reload reopens the same conversation.
    if (conversationId) sessionStorage.setItem(SELECTED_KEY, conversationId);
    else sessionStorage.removeItem(SELECTED_KEY);
    if (conversationId) this.thread(conversationId);
  }

  /**
   * Shows any conversation I may read (one I was mentioned in, say), fetched first when this console does not know
   * it; it opens read-only unless it is mine.
   */
  async open(conversationId: string): Promise<void> {
    if (!this.store.get().conversations[conversationId]) {
      try {
        this.upsert([await this.client.conversation(conversationId)]);
      } catch (error) {
        showToast(errorText(error), 'error');
        return;
      }
    }
    this.select(conversationId);
  }

  /** `j` / `k`: the next or previous of my conversations. */
  step(delta: 1 | -1): void {
    const { mine, selectedId } = this.store.get();
    if (mine.length === 0) return;
    const index = mine.findIndex((c) => c.id === selectedId);
    const next = index < 0 ? 0 : Math.min(mine.length - 1, Math.max(0, index + delta));
    this.select(mine[next].id);
  }

  /** The page before the oldest loaded message, as the thread scrolls to its top. */
  async loadOlder(conversationId: string): Promise<void> {
    await this.thread(conversationId)
      .loadOlder()
      .catch((error: unknown) => showToast(t('toast.messagesFailed', { reason: errorText(error) }), 'error'));
  }

  /** Moves my read marker to the newest message (only called while the conversation is on screen). */
  async markRead(conversationId: string): Promise<void> {
    const conv = this.store.get().conversations[conversationId];
    if (!conv || conv.agentId !== this.me.id || conv.lastSeq === 0) return;
    if ((conv.reads.agents[this.me.id] ?? 0) >= conv.lastSeq && conv.unread.agent === 0) return;
    const seq = conv.lastSeq;
    this.patch(conversationId, (c) => ({
      ...c,
      reads: { ...c.reads, agents: { ...c.reads.agents, [this.me.id]: seq } },
    }));
    try {
      const result = await this.client.request(CLIENT_EVENTS.messageRead, { conversationId, seq });
      this.patch(conversationId, (c) => ({ ...c, unread: { ...c.unread, agent: result.unread } }));
    } catch {
      // The next message or focus tries again.
    }
  }

  /** `replyToSeq` quotes a message of the conversation (section 8). */
  send(conversationId: string, text: string, replyToSeq?: number): void {
    this.thread(conversationId).send(text, replyToSeq);
  }

  /** Recalls one of my messages (section 8); a refusal (too late) is a toast. */
  async recall(conversationId: string, seq: number): Promise<void> {
    try {
      await this.thread(conversationId).recall(seq);
    } catch (error) {
      showToast(t('toast.recallFailed', { reason: errorText(error) }), 'error');
    }
  }

  async sendFile(conversationId: string, file: File, caption?: string): Promise<void> {
    const thread = this.thread(conversationId);
    const failure = await thread.sendFile(file, file.name, caption);
    if (!failure) return;
    showToast(t('toast.uploadFailed', { reason: errorText(failure) }), 'error');
    thread.getSnapshot().uploads.forEach((upload) => thread.dismissUpload(upload.id));
  }

  typing(conversationId: string, isTyping: boolean): void {
    this.client.request(CLIENT_EVENTS.typing, { conversationId, isTyping }).catch(() => undefined);
  }

  /** Runs one state change and shows a refusal as a toast; resolves true on success. */
  private async act(run: () => Promise<Conversation>): Promise<boolean> {
    try {
      this.upsert([await run()]);
      return true;
    } catch (error) {
      showToast(errorText(error), 'error');
      return false;
    }
  }

  transfer(conversationId: string, toAgentId: string | null, note: string): Promise<boolean> {
    return this.act(() =>
      this.client.request(CLIENT_EVENTS.conversationTransfer, {
        conversationId,
        ...(toAgentId ? { toAgentId } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    );
  }

  cancelTransfer(conversationId: string): Promise<boolean> {
    return this.act(() => this.client.request(CLIENT_EVENTS.conversationTransferCancel, { conversationId }));
  }

  async acceptTransfer(conversationId: string): Promise<void> {
    if (
      await this.act(() => this.client.request(CLIENT_EVENTS.conversationTransferAccept, { conversationId }))
    )
      this.select(conversationId);
  }

  async declineTransfer(conversationId: string): Promise<void> {
    await this.act(() => this.client.request(CLIENT_EVENTS.conversationTransferDecline, { conversationId }));
  }

  /** Sets the conversation's whole label list (issue 14). */
  setLabels(conversationId: string, labels: string[]): Promise<boolean> {
    return this.act(() => this.client.request(CLIENT_EVENTS.conversationLabel, { conversationId, labels }));
  }

  close(conversationId: string, force: boolean): Promise<boolean> {
    return this.act(() => this.client.request(CLIENT_EVENTS.conversationClose, { conversationId, force }));
  }

  async setStatus(status: AgentStatus): Promise<void> {
    try {
      const result = await this.client.request(CLIENT_EVENTS.agentStatus, { status });
      this.store.set({ status: result.status });
    } catch (error) {
      showToast(errorText(error), 'error');
    }
  }

  listAgents(): Promise<AgentSummary[]> {
    return this.client.api<AgentSummary[]>('/api/users?role=agent');
  }

  /** Conversations new to the queue (`queue.updated`): alert the agent, and make sure each row has its preview. */
  private arrived(added: Conversation[]): void {
    const arrivals = added.filter(isQueued);
    arrivals.filter((c) => !c.lastMessage).forEach((c) => this.fillPreview(c.id));
    if (arrivals.length > 0 && this.loaded)
      alertUser(
        t('notification.newInquiry'),
        arrivals[0].lastMessage ? previewText(i18n, arrivals[0].lastMessage) : arrivals[0].customer.name,
      );
  }

  /**
   * A conversation enters the queue before its first message is stored, and agents outside the conversation
   * get no message events, so the row's preview is fetched once, a moment later.
   */
  private fillPreview(conversationId: string): void {
    setTimeout(() => {
      if (!this.store.get().queue.some((q) => q.id === conversationId)) return;
      this.client.conversation(conversationId).then(
        (fresh) => {
          if (this.store.get().queue.some((q) => q.id === fresh.id)) this.queueList.applyConversation(fresh);
        },
        () => undefined,
      );
    }, PREVIEW_DELAY_MS);
  }

  /** Folds fresh copies of conversations into every list they belong to. */
  private upsert(list: Conversation[]): void {
    if (list.length === 0) return;
    this.store.set((s) => {
      const conversations = { ...s.conversations };
      for (const c of list) {
        const known = conversations[c.id];
        // A message that arrived before this copy was sent keeps its newer preview.
        conversations[c.id] =
          known && known.lastSeq > c.lastSeq
            ? { ...c, lastSeq: known.lastSeq, lastMessage: known.lastMessage }
            : c;
      }
      return { conversations, ...this.derived(conversations) };
    });
    for (const c of list) this.queueList.applyConversation(c);
  }

  private patch(conversationId: string, change: (c: Conversation) => Conversation): void {
    const known = this.store.get().conversations[conversationId];
    if (!known) return;
    const conversations = { ...this.store.get().conversations, [conversationId]: change(known) };
    this.store.set({ conversations, ...this.derived(conversations) });
  }

  private derived(conversations: Record<string, Conversation>) {
    return {
      mine: myConversations(conversations, this.me.id),
      offers: Object.values(conversations).filter((c) => isOfferFor(c, this.me)),
    };
  }

  /** The thread of a conversation, opened (newest page, then live) the first time it is asked for. */
  private thread(conversationId: string): ConversationThread {
    const open = this.openThreads.get(conversationId);
    if (open) return open;
    const thread = new ConversationThread(this.client, conversationId, { typingFrom: ['customer'] });
    this.openThreads.set(conversationId, thread);
    thread.subscribe(() =>
      this.store.set((s) => ({ threads: { ...s.threads, [conversationId]: thread.getSnapshot() } })),
    );
    thread.start(this.store.get().conversations[conversationId]?.lastSeq);
    this.store.set((s) => ({ threads: { ...s.threads, [conversationId]: thread.getSnapshot() } }));
    thread
      .loadLatest()
      .catch((error: unknown) => showToast(t('toast.messagesFailed', { reason: errorText(error) }), 'error'));
    return thread;
  }

  private receive(message: Message): void {
    this.patch(message.conversationId, (c) => withMessage(c, message));
    if (message.sender.type !== 'customer') return;
    const mine = this.store.get().conversations[message.conversationId]?.agentId === this.me.id;
    if (
      mine &&
      (message.conversationId !== this.store.get().selectedId || document.visibilityState !== 'visible')
    )
      alertUser(
        t('notification.newMessage', { name: message.sender.name }),
        message.text ?? message.attachment?.name ?? '',
        { conversationId: message.conversationId, onClick: () => this.select(message.conversationId) },
      );
  }
}
