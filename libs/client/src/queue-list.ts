import {
  CLIENT_EVENTS,
  LIMITS,
  isQueued as isQueuedState,
  type Conversation,
  type QueueListPayload,
  type QueuePage,
  type QueueUpdatedEvent,
} from '@switchboard/protocol';

/** Whether a conversation waits in the queue (the protocol's state group). */
export function isQueued(c: Conversation): boolean {
  return isQueuedState(c.artificialType);
}

/** The queue's order, as `queue.list` gives it: transferred ones first, then oldest first, then by id. */
export function compareQueue(a: Conversation, b: Conversation): number {
  const rank = (c: Conversation) => (c.artificialType === 'transferring' ? 0 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  const waited = Date.parse(a.queuedAt ?? a.createdAt) - Date.parse(b.queuedAt ?? b.createdAt);
  if (waited !== 0) return waited;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface QueueListState {
  /** The rows loaded so far, in queue order: the head of the queue, one page after another. */
  conversations: Conversation[];
  /** How many wait in the whole queue (loaded or not). */
  total: number;
  /** More rows wait beyond the loaded ones: `loadMore()` fetches the next page. */
  hasMore: boolean;
  loading: boolean;
}

type Requester = {
  request(event: typeof CLIENT_EVENTS.queueList, payload: QueueListPayload): Promise<QueuePage>;
};

/**
 * The agent's view of the queue, paged: the first page at `reload()` (after every connect), more with `loadMore()`
 * as the list scrolls, kept current from `queue.updated` and `conversation.updated`. A row that joins the queue
 * beyond the loaded pages is only counted (it arrives with its page); the server's keyset cursor keeps pages
 * stable while rows come and go. Rows removed while a page is on its way do not come back with it.
 */
export class QueueList {
  private rows: Conversation[] = [];
  private next: string | null = null;
  private total = 0;
  private loading = 0;
  /** Bumped by reload(): answers to older requests are dropped. */
  private generation = 0;
  /** What came and went while a page was on its way: applied again over the page, which may predate it. */
  private readonly arrivedDuringLoad = new Map<string, Conversation>();
  private readonly leftDuringLoad = new Set<string>();
  private readonly listeners = new Set<(state: QueueListState) => void>();
  private snapshot: QueueListState = { conversations: [], total: 0, hasMore: false, loading: false };

  constructor(
    private readonly client: Requester,
    private readonly pageSize: number = LIMITS.queuePageDefault,
  ) {}

  get state(): QueueListState {
    return this.snapshot;
  }

  subscribe(listener: (state: QueueListState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads the head of the queue again, replacing what was loaded (after every connect). */
  async reload(): Promise<void> {
    await this.fetch(++this.generation, undefined);
  }

  /** Loads the page after the last loaded row; nothing when all are loaded or a page is on its way. */
  async loadMore(): Promise<void> {
    if (this.next === null || this.loading > 0) return;
    await this.fetch(this.generation, this.next);
  }

  /** `queue.updated`: entries and exits, each announced once, so they also move the total. */
  applyUpdate({ added = [], removed = [] }: QueueUpdatedEvent): void {
    this.total = Math.max(0, this.total + added.length - removed.length);
    for (const id of removed) this.drop(id);
    for (const c of added) if (isQueued(c)) this.place(c);
    this.publish();
  }

  /** A fresh copy of one conversation (`conversation.updated`, an answer): its row follows it in or out. */
  applyConversation(c: Conversation): void {
    if (isQueued(c)) this.place(c);
    else if (!this.drop(c.id)) return;
    this.publish();
  }

  /** Drops a row known to be gone (a grab lost to someone else); its `queue.updated` moves the total. */
  remove(conversationId: string): void {
    if (this.drop(conversationId)) this.publish();
  }

  private drop(id: string): boolean {
    if (this.loading > 0) {
      this.leftDuringLoad.add(id);
      this.arrivedDuringLoad.delete(id);
    }
    const before = this.rows.length;
    this.rows = this.rows.filter((c) => c.id !== id);
    return this.rows.length !== before;
  }

  /** Replaces or inserts a queued row, but only within the loaded range (beyond it, its page brings it). */
  private place(c: Conversation): void {
    if (this.loading > 0) {
      this.arrivedDuringLoad.set(c.id, c);
      this.leftDuringLoad.delete(c.id);
    }
    const others = this.rows.filter((row) => row.id !== c.id);
    const last = others[others.length - 1];
    const inRange = others.length !== this.rows.length || this.next === null || (last && compareQueue(c, last) < 0);
    if (inRange) this.rows = [...others, c].sort(compareQueue);
  }

  private async fetch(generation: number, after: string | undefined): Promise<void> {
    this.loading += 1;
    this.publish();
    try {
      const page = await this.client.request(CLIENT_EVENTS.queueList, {
        ...(after === undefined ? {} : { after }),
        ...(this.pageSize === LIMITS.queuePageDefault ? {} : { limit: this.pageSize }),
      });
      if (generation !== this.generation) return;
      const kept = after === undefined ? [] : this.rows;
      const known = new Set(kept.map((c) => c.id));
      const fresh = page.conversations.filter((c) => isQueued(c) && !known.has(c.id) && !this.leftDuringLoad.has(c.id));
      this.rows = [...kept, ...fresh].sort(compareQueue);
      this.next = page.next ?? null;
      if (typeof page.total === 'number') this.total = page.total;
      for (const c of this.arrivedDuringLoad.values()) this.place(c);
    } finally {
      this.loading -= 1;
      if (this.loading === 0) {
        this.arrivedDuringLoad.clear();
        this.leftDuringLoad.clear();
      }
      this.publish();
    }
  }

  private publish(): void {
    this.snapshot = {
      conversations: this.rows,
      total: Math.max(this.total, this.rows.length),
      hasMore: this.next !== null,
      loading: this.loading > 0,
    };
    for (const listener of this.listeners) {
      try {
        listener(this.snapshot);
      } catch (error) {
        console.error('switchboard: a queue listener threw', error);
      }
    }
  }
}
