import { apiRequest, createStore, type ObservableStore } from '@switchboard/client';
import type { WidgetConfig } from '@switchboard/protocol';

export interface WidgetConfigState {
  /** 'loading' until the first answer (or failure); the panel waits for it so it does not flash the wrong form. */
  status: 'loading' | 'ready' | 'failed';
  /** The last answer; a failed first load keeps null and the widget behaves as if the team were available. */
  config: WidgetConfig | null;
  loadedAt: number;
}

/** How old an answer may be when the launcher is opened before it is asked again (agents come and go). */
export const CONFIG_MAX_AGE_MS = 60_000;

/**
 * `GET /api/widget/config` (section 9): whether the team is available now, the pre-chat fields, the teams and the
 * offline message. Loaded when the widget loads and refreshed when the launcher is opened after a while.
 */
export class WidgetConfigSource {
  readonly store: ObservableStore<WidgetConfigState>;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly fetchConfig: () => Promise<WidgetConfig>,
    private readonly now: () => number = Date.now,
  ) {
    this.store = createStore<WidgetConfigState>({ status: 'loading', config: null, loadedAt: 0 });
  }

  static at(baseUrl: string): WidgetConfigSource {
    return new WidgetConfigSource(() => apiRequest<WidgetConfig>(baseUrl, '/api/widget/config'));
  }

  load(): Promise<void> {
    this.inFlight ??= this.fetchConfig()
      .then(
        (config) => this.store.set({ status: 'ready', config, loadedAt: this.now() }),
        // A refresh that fails keeps the last answer; only a first load that fails says so.
        () => this.store.set((s) => ({ status: s.config ? s.status : 'failed' })),
      )
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  /** Asks again when the last answer is older than `maxAgeMs`. */
  refreshIfStale(maxAgeMs = CONFIG_MAX_AGE_MS): Promise<void> {
    const { loadedAt } = this.store.get();
    return this.now() - loadedAt >= maxAgeMs ? this.load() : Promise.resolve();
  }
}
