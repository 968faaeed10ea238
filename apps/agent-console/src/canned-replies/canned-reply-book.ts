import { cannedRepliesApi, type ApiCall, type CannedRepliesApi } from '@switchboard/client';
import type { CannedReply, CreateCannedReplyRequest, UpdateCannedReplyRequest } from '@switchboard/protocol';
import { errorText } from '../shared/console-client';
import { createStore, type Store } from '../shared/store';

export interface CannedReplyBookState {
  /** The caller's personal replies, then the team's, as `GET /api/canned-replies` answers; null until loaded. */
  replies: CannedReply[] | null;
  /** Why the last load failed, in the reader's language; null after a good one. */
  loadError: string | null;
}

/** A list older than this is fetched again the next time the `/` list opens: team replies change elsewhere. */
const FRESH_FOR_MS = 30_000;

/**
 * The canned replies of the signed-in user, loaded once and kept in a store that the settings screen and every
 * composer read. Each edit goes to the gateway first; its answer updates the store at once and a reload
 * follows, so the order and anything a colleague changed meanwhile come from the gateway.
 */
export class CannedReplyBook {
  readonly store: Store<CannedReplyBookState> = createStore<CannedReplyBookState>({
    replies: null,
    loadError: null,
  });
  private readonly routes: CannedRepliesApi;
  private inFlight: Promise<void> | null = null;
  private loadedAt = 0;

  constructor(
    api: ApiCall,
    private readonly now: () => number = Date.now,
  ) {
    this.routes = cannedRepliesApi(api);
  }

  /** Loads the list unless a fresh one is here (or on its way); never throws. */
  ensureFresh(maxAgeMs = FRESH_FOR_MS): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (this.store.get().replies && this.now() - this.loadedAt < maxAgeMs) return Promise.resolve();
    return this.reload();
  }

  reload(): Promise<void> {
    this.inFlight = this.routes
      .list()
      .then(
        (replies) => {
          this.loadedAt = this.now();
          this.store.set({ replies, loadError: null });
        },
        (error: unknown) => this.store.set({ loadError: errorText(error) }),
      )
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Throws the SDK's error (a taken shortcut is `conflict`, reason `taken`) for the form to show. */
  async create(request: CreateCannedReplyRequest): Promise<CannedReply> {
    const created = await this.routes.create(request);
    this.change((replies) => [...replies, created]);
    return created;
  }

  async update(id: string, patch: UpdateCannedReplyRequest): Promise<CannedReply> {
    const updated = await this.routes.update(id, patch);
    this.change((replies) => replies.map((reply) => (reply.id === id ? updated : reply)));
    return updated;
  }

  async remove(id: string): Promise<void> {
    await this.routes.remove(id);
    this.change((replies) => replies.filter((reply) => reply.id !== id));
  }

  private change(apply: (replies: CannedReply[]) => CannedReply[]): void {
    this.store.set((state) => ({ replies: apply(state.replies ?? []) }));
    void this.reload();
  }
}
