import { LIMITS, type Message, type Role } from '@switchboard/protocol';
import { contiguousSeq, mergeBySeq, unsentOnly, updateInPlace } from './message-merge';
import { createStore, type ObservableStore } from './observable-store';
import type { PendingMessage } from './outbox';
import type { SwitchboardClient } from './switchboard-client';
import { SwitchboardError } from './switchboard-error';

/** The part of the SDK a thread uses (tests hand in a fake of this shape). */
export type ThreadClient = Pick<
  SwitchboardClient,
  'connection' | 'on' | 'history' | 'send' | 'pending' | 'track' | 'untrack' | 'upload' | 'request'
>;

/** A file picked to send that is not in the outbox yet: uploading, or refused. */
export interface ThreadUpload {
  id: string;
  name: string;
  status: 'uploading' | 'failed';
  /** Why the upload or send failed (a SwitchboardError for the SDK's refusals). */
  error?: SwitchboardError;
}

export interface TypingState {
  userId: string;
  userType: Role;
}

export interface ThreadSnapshot {
  conversationId: string;
  /** Stored messages, ascending by seq, each seq once. */
  messages: Message[];
  /** The outbox entries of this conversation that the server has not stored yet, in the order typed. */
  pending: PendingMessage[];
  uploads: ThreadUpload[];
  /** Whether older history can still be loaded: 'done' once seq 1 is loaded (or there is no message). */
  older: 'idle' | 'loading' | 'done';
  /** True once the newest page has been loaded (or the messages were handed in). */
  loaded: boolean;
  /** Who on the other side is typing, until they stop, write, or TYPING_EXPIRY_MS pass. */
  typing: TypingState | null;
}

/** A lost "stopped typing" must not leave the indicator on: it goes out after this long without news. */
export const TYPING_EXPIRY_MS = 8000;

/** Schedules `run` after `ms`; returns a cancel function. Tests inject their own clock. */
export type Schedule = (run: () => void, ms: number) => () => void;

const realSchedule: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export interface ConversationThreadOptions {
  /** Whose typing to show: the other side of the conversation (the widget: staff; the console: the customer). */
  typingFrom: readonly Role[];
  pageSize?: number;
  /**
   * Follow the conversation through the SDK (`track`): a reconnect then syncs what was missed. A supervisor's
   * watch does not, so it never takes over the tracking of a conversation the same client serves.
   */
  follow?: boolean;
  schedule?: Schedule;
  /**
   * Section 8, supervisors: keep the originals of recalled messages (history with includeRecalled; a recall that
   * arrives live marks the copy held as `recalled` instead of emptying it).
   */
  originals?: boolean;
}

/** There is older history while the oldest message held is not the first one (seq has no gaps from 1). */
function olderAfter(messages: Message[]): ThreadSnapshot['older'] {
  return messages.length === 0 || messages[0].seq <= 1 ? 'done' : 'idle';
}

let uploadIds = 0;

/**
 * One conversation as a client shows it: the history pages (older on demand), live messages, the catch-up
 * after a reconnect, what is still on its way, uploads, and the other side typing. The widget, the console
 * and the supervisor's watch panel each hold one per conversation on screen.
 */
export class ConversationThread {
  private readonly store: ObservableStore<ThreadSnapshot>;
  private readonly offs: Array<() => void> = [];
  private readonly schedule: Schedule;
  private readonly pageSize: number;
  private cancelTypingExpiry: (() => void) | null = null;
  private latest: Promise<void> | null = null;
  private startSeq: number | null = null;
  private stopped = false;

  constructor(
    private readonly client: ThreadClient,
    readonly conversationId: string,
    private readonly options: ConversationThreadOptions,
  ) {
    this.schedule = options.schedule ?? realSchedule;
    this.pageSize = options.pageSize ?? LIMITS.historyPageDefault;
    this.store = createStore<ThreadSnapshot>({
      conversationId,
      messages: [],
      pending: client.pending(conversationId),
      uploads: [],
      older: 'idle',
      loaded: false,
      typing: null,
    });
  }

  readonly subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  readonly getSnapshot = (): ThreadSnapshot => this.store.get();

  /**
   * Starts listening. `lastSeq` is the conversation's newest seq as known now: what came before it is history
   * (REST, paged), not something for the catch-up to replay.
   */
  start(lastSeq?: number): this {
    const id = this.conversationId;
    this.startSeq = lastSeq ?? null;
    this.offs.push(
      this.client.on('message', (message) => {
        if (message.conversationId === id) this.receive([message]);
      }),
      this.client.on('message.updated', (message) => {
        if (message.conversationId === id) this.update(message);
      }),
      this.client.on('outbox', () => this.refreshPending()),
      this.client.on('typing', (event) => {
        if (event.conversationId !== id || !this.options.typingFrom.includes(event.userType)) return;
        this.setTyping(event.isTyping ? { userId: event.userId, userType: event.userType } : null);
      }),
      this.client.on('connection', (state) => {
        // A first page that failed to load is tried again; the SDK's sync brings what came after it.
        if (state === 'connected' && !this.getSnapshot().loaded)
          void this.loadLatest().catch(() => undefined);
        if (state === 'connected') this.follow();
      }),
    );
    if (this.options.follow !== false)
      this.client.track(id, lastSeq ?? contiguousSeq(this.getSnapshot().messages));
    return this;
  }

  stop(): void {
    this.stopped = true;
    this.offs.splice(0).forEach((off) => off());
    this.cancelTypingExpiry?.();
    if (this.options.follow !== false) this.client.untrack(this.conversationId);
  }

  /** Messages that came with something else (a watch answer): they count as the newest page. */
  seed(messages: Message[]): void {
    const merged = mergeBySeq(this.getSnapshot().messages, messages);
    this.store.set({ messages: merged, loaded: true, older: olderAfter(merged) });
    this.refreshPending();
    this.follow();
    // A watch answer is what every reader gets: the originals of its recalled messages come from history.
    const emptied = messages.filter((m) => m.recalledAt && m.recalled === undefined);
    if (this.options.originals && emptied.length > 0) {
      const last = emptied[emptied.length - 1].seq;
      void this.client
        .history(this.conversationId, { beforeSeq: last + 1, limit: last - emptied[0].seq + 1, includeRecalled: true })
        .then((page) => this.store.set((s) => ({ messages: mergeBySeq(s.messages, page) })))
        .catch(() => undefined);
    }
  }

  /** The newest page, once (concurrent calls share it); a failure may be retried. */
  loadLatest(): Promise<void> {
    if (this.getSnapshot().loaded) return Promise.resolve();
    if (this.startSeq === 0) {
      this.seed([]);
      return Promise.resolve();
    }
    this.latest ??= (async () => {
      try {
        const page = await this.client.history(this.conversationId, { limit: this.pageSize, ...this.originalsQuery() });
        if (!this.stopped) this.seed(page);
      } finally {
        this.latest = null;
      }
    })();
    return this.latest;
  }

  /** The page before the oldest message held (the newest page first, if it is not loaded yet). */
  async loadOlder(): Promise<void> {
    const before = this.getSnapshot();
    if (!before.loaded) return this.loadLatest();
    if (before.older !== 'idle') return;
    const oldest = before.messages[0];
    this.store.set({ older: 'loading' });
    try {
      const page = await this.client.history(this.conversationId, {
        beforeSeq: oldest.seq,
        limit: this.pageSize,
        ...this.originalsQuery(),
      });
      const merged = mergeBySeq(this.getSnapshot().messages, page);
      this.store.set({ messages: merged, older: olderAfter(merged) });
    } catch (error) {
      this.store.set({ older: 'idle' });
      throw error;
    }
  }

  /** Queues a text message through the SDK's outbox; `replyToSeq` quotes a message of this thread. */
  send(text: string, replyToSeq?: number): void {
    this.client.send(this.conversationId, { text, ...(replyToSeq !== undefined ? { replyToSeq } : {}) });
  }

  /**
   * Recalls one of the reader's own messages (section 8). The answer updates the thread at once; every other tab and
   * the other side get `message.updated`. Rejects with the SDK's SwitchboardError (e.g. recall_window_passed).
   */
  async recall(seq: number): Promise<void> {
    const message = await this.client.request('message.recall', { conversationId: this.conversationId, seq });
    this.update(message);
  }

  /** A message changed in place: same seq, same position, no duplicate. */
  update(message: Message): void {
    const snapshot = this.getSnapshot();
    const held = snapshot.messages.find((m) => m.seq === message.seq);
    // Supervisors keep what was recalled, marked so.
    const incoming =
      this.options.originals && message.recalledAt && held && !held.recalledAt
        ? { ...held, recalledAt: message.recalledAt, recallableUntil: null, recalled: true }
        : message;
    const messages = updateInPlace(snapshot.messages, incoming);
    if (messages !== snapshot.messages) this.store.set({ messages });
  }

  private originalsQuery(): { includeRecalled?: true } {
    return this.options.originals ? { includeRecalled: true } : {};
  }

  /**
   * Uploads a file, then sends it as an image or file message. While it uploads it shows in `uploads`; a
   * refused upload stays there as 'failed' until dismissed. Resolves with the failure, or null.
   */
  async sendFile(file: Blob, name: string, caption?: string): Promise<SwitchboardError | null> {
    const upload: ThreadUpload = { id: `upload-${++uploadIds}`, name, status: 'uploading' };
    this.store.set((s) => ({ uploads: [...s.uploads, upload] }));
    try {
      const attachment = await this.client.upload(file, name);
      const kind = attachment.mime.startsWith('image/') ? 'image' : 'file';
      this.client.send(this.conversationId, {
        kind,
        attachmentId: attachment.id,
        ...(caption ? { text: caption } : {}),
      });
      this.dismissUpload(upload.id);
      return null;
    } catch (caught) {
      const error =
        caught instanceof SwitchboardError
          ? caught
          : new SwitchboardError('internal', caught instanceof Error ? caught.message : String(caught));
      this.store.set((s) => ({
        uploads: s.uploads.map((entry) =>
          entry.id === upload.id ? { ...entry, status: 'failed', error } : entry,
        ),
      }));
      return error;
    }
  }

  dismissUpload(id: string): void {
    this.store.set((s) => ({ uploads: s.uploads.filter((entry) => entry.id !== id) }));
  }

  private receive(incoming: Message[]): void {
    const snapshot = this.getSnapshot();
    const messages = mergeBySeq(snapshot.messages, incoming);
    if (messages === snapshot.messages) return;
    const typist = snapshot.typing;
    // Whoever was typing has written.
    const wrote = typist && incoming.some((message) => message.sender.id === typist.userId);
    if (wrote) this.cancelTypingExpiry?.();
    this.store.set({
      messages,
      pending: unsentOnly(snapshot.pending, messages),
      ...(wrote ? { typing: null } : {}),
    });
  }

  private refreshPending(): void {
    const pending = unsentOnly(this.client.pending(this.conversationId), this.getSnapshot().messages);
    const current = this.getSnapshot().pending;
    const same = pending.length === current.length && pending.every((entry, i) => entry === current[i]);
    if (!same) this.store.set({ pending });
  }

  /** Makes the SDK follow from the highest seq held without a hole (it only ever moves forward). */
  private follow(): void {
    if (this.options.follow === false || this.stopped) return;
    const held = contiguousSeq(this.getSnapshot().messages);
    this.client.track(this.conversationId, Math.max(held, this.startSeq ?? 0));
  }

  private setTyping(typing: TypingState | null): void {
    this.cancelTypingExpiry?.();
    this.cancelTypingExpiry = typing ? this.schedule(() => this.setTyping(null), TYPING_EXPIRY_MS) : null;
    const current = this.getSnapshot().typing;
    if (current?.userId !== typing?.userId) this.store.set({ typing });
  }
}
