import {
  ConversationThread,
  staffAccounts,
  type NewStaffAccount,
  type StaffAccountsApi,
  type ThreadSnapshot,
} from '@switchboard/client';
import { CLIENT_EVENTS, type Conversation, type Overview } from '@switchboard/protocol';
import { errorText, type ConsoleClient } from '../shared/console-client';
import { i18n } from '../shared/i18n';
import { createStore, type Store } from '../shared/store';
import { showToast } from '../shared/toasts';

export interface WaitSample {
  /** ms since epoch */
  t: number;
  longestWait: number;
  queued: number;
}

export interface Watched {
  conversation: Conversation;
  thread: ThreadSnapshot;
}

export interface SupervisorState {
  overview: Overview | null;
  /** When `overview` arrived (ms since epoch), to keep waiting times ticking between pushes. */
  overviewAt: number;
  series: WaitSample[];
  watched: Watched | null;
}

const HOUR_MS = 60 * 60 * 1000;
const SAMPLE_EVERY_MS = 5000;
const SERIES_KEY = 'switchboard.console.waitSeries';

/** Keeps one sample per 5 s over the last hour, whatever the push rate. */
export function addSample(series: WaitSample[], sample: WaitSample): WaitSample[] {
  const recent = series.filter((s) => s.t > sample.t - HOUR_MS);
  const last = recent[recent.length - 1];
  if (last && sample.t - last.t < SAMPLE_EVERY_MS) return [...recent.slice(0, -1), { ...sample, t: last.t }];
  return [...recent, sample];
}

function loadSeries(): WaitSample[] {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(SERIES_KEY) ?? '[]') as WaitSample[];
    return Array.isArray(parsed) ? parsed.filter((s) => s.t > Date.now() - HOUR_MS) : [];
  } catch {
    return [];
  }
}

/**
 * The supervisor's live picture from `supervisor.updated`, a client-side series of the longest wait, and
 * the one conversation being watched silently.
 */
export class SupervisorMonitor {
  readonly store: Store<SupervisorState> = createStore<SupervisorState>({
    overview: null,
    overviewAt: 0,
    series: loadSeries(),
    watched: null,
  });
  private readonly offs: Array<() => void> = [];
  private watchedThread: ConversationThread | null = null;
  private sampler: ReturnType<typeof setInterval> | undefined;

  /** The accounts routes (list, change, disable), with this session's token. */
  readonly accounts: StaffAccountsApi;

  constructor(private readonly client: ConsoleClient) {
    this.accounts = staffAccounts((path, init) => client.api(path, init));
  }

  start(): void {
    this.offs.push(
      this.client.on('supervisor.updated', (overview) => this.apply(overview)),
      this.client.on('connection', (state) => {
        if (state === 'connected') void this.reload();
      }),
      this.client.on('conversation.updated', (conversation) => {
        const watched = this.store.get().watched;
        if (watched?.conversation.id === conversation.id)
          this.store.set({ watched: { ...watched, conversation } });
      }),
    );
    if (this.client.connection === 'connected') void this.reload();
    this.sampler = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
  }

  stop(): void {
    clearInterval(this.sampler);
    void this.unwatch();
    this.offs.splice(0).forEach((off) => off());
  }

  async reload(): Promise<void> {
    try {
      this.apply(await this.client.request(CLIENT_EVENTS.supervisorOverview, {}));
      const watched = this.store.get().watched;
      if (watched) await this.watch(watched.conversation.id);
    } catch (error) {
      showToast(i18n.t('toast.overviewFailed', { reason: errorText(error) }), 'error');
    }
  }

  /** Watching moves no read marker: the supervisor only listens. */
  async watch(conversationId: string): Promise<void> {
    const previous = this.store.get().watched;
    if (previous && previous.conversation.id !== conversationId) await this.unwatch();
    try {
      const result = await this.client.request(CLIENT_EVENTS.conversationWatch, { conversationId });
      // Watched again after a reconnect: the answer's last messages merge into the thread already open.
      const thread =
        this.watchedThread?.conversationId === conversationId ? this.watchedThread : this.openWatch(conversationId);
      thread.seed(result.messages);
      this.store.set({ watched: { conversation: result.conversation, thread: thread.getSnapshot() } });
    } catch (error) {
      showToast(i18n.t('toast.watchFailed', { reason: errorText(error) }), 'error');
    }
  }

  /** Older pages of the watched conversation (supervisors may read any history). */
  async loadOlder(): Promise<void> {
    await this.watchedThread
      ?.loadOlder()
      .catch((error: unknown) => showToast(i18n.t('toast.messagesFailed', { reason: errorText(error) }), 'error'));
  }

  async unwatch(): Promise<void> {
    const watched = this.store.get().watched;
    this.watchedThread?.stop();
    this.watchedThread = null;
    if (!watched) return;
    this.store.set({ watched: null });
    await this.client
      .request(CLIENT_EVENTS.conversationUnwatch, { conversationId: watched.conversation.id })
      .catch(() => undefined);
  }

  /**
   * The watched conversation's thread. It does not follow the conversation through the SDK: the same client may
   * serve it in the workspace, and a reconnect watches again instead.
   */
  private openWatch(conversationId: string): ConversationThread {
    this.watchedThread?.stop();
    // Supervisors read recalled messages' originals (section 8: includeRecalled), marked as recalled.
    const thread = new ConversationThread(this.client, conversationId, { typingFrom: [], follow: false, originals: true }).start();
    this.watchedThread = thread;
    thread.subscribe(() => {
      const watched = this.store.get().watched;
      if (watched?.conversation.id === conversationId && this.watchedThread === thread)
        this.store.set({ watched: { ...watched, thread: thread.getSnapshot() } });
    });
    return thread;
  }

  async assign(conversationId: string, agentId: string): Promise<void> {
    try {
      const conversation = await this.client.request(CLIENT_EVENTS.conversationAssign, {
        conversationId,
        agentId,
      });
      const watched = this.store.get().watched;
      if (watched?.conversation.id === conversation.id)
        this.store.set({ watched: { ...watched, conversation } });
      showToast(i18n.t('toast.assigned', { number: conversation.number }));
    } catch (error) {
      showToast(errorText(error), 'error');
    }
  }

  /** Creates the account, then refreshes the overview so the new agent shows at once. */
  async createAccount(account: NewStaffAccount): Promise<void> {
    await this.accounts.create(account);
    await this.client
      .request(CLIENT_EVENTS.supervisorOverview, {})
      .then((overview) => this.apply(overview))
      .catch(() => undefined);
  }

  private apply(overview: Overview): void {
    this.store.set({ overview, overviewAt: Date.now() });
    this.sample();
  }

  /**
   * One point of the wait chart. Between pushes (the gateway only pushes after a change) the longest wait
   * keeps growing while someone waits, so it is extrapolated from the last overview.
   */
  private sample(): void {
    const { overview, overviewAt, series } = this.store.get();
    if (!overview) return;
    const queued = overview.queue.open + overview.queue.transferring;
    const now = Date.now();
    const longestWait = overview.queue.longestWaitSeconds + (queued > 0 ? (now - overviewAt) / 1000 : 0);
    const next = addSample(series, { t: now, longestWait: Math.round(longestWait), queued });
    this.store.set({ series: next });
    try {
      sessionStorage.setItem(SERIES_KEY, JSON.stringify(next));
    } catch {
      // Storage full or disabled: the chart just starts afresh next time.
    }
  }
}
