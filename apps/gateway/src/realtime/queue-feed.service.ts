import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { QUEUED_STATES, SERVER_EVENTS, type Conversation } from '@switchboard/protocol';
import { QueueService } from '../conversations/queue.service';
import { RealtimeEmitter } from './realtime-emitter.service';
import { TeamQueueFeed } from './team-queue-feed.service';

/** At most one queue-row push per waiting conversation per window, and the latest state at its end. */
export const QUEUE_FEED_WINDOW_MS = 500;

interface Window {
  timer: NodeJS.Timeout | null;
  /** A message came after the last push: the window ends with one more. */
  pending: boolean;
  /** lastSeq of the last push (a fresh read may find nothing newer than it). */
  pushedSeq: number;
}

/**
 * What every agent sees of a waiting conversation's new messages: its `conversation.updated` (the queue row shows
 * the last message) to the `agents` room, coalesced per conversation. The first message after a quiet spell is
 * pushed at once and opens a window; messages within it are folded into one push when it ends, with the
 * conversation read fresh then (so the last state wins, and a change another node made meanwhile is not
 * overwritten with an older copy). A transition of the conversation is pushed at once by the notifier and closes
 * the window, so pushes keep their order. The customer and the assignee get their own events uncoalesced.
 */
@Injectable()
export class QueueFeed implements OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private readonly windows = new Map<string, Window>();
  private stopped = false;

  constructor(
    private readonly emitter: RealtimeEmitter,
    private readonly queue: QueueService,
    private readonly teamQueue: TeamQueueFeed,
  ) {}

  /** A message was stored in `conversation`, which waits in the queue. */
  messageIn(conversation: Conversation): void {
    const open = this.windows.get(conversation.id);
    if (open) {
      if (conversation.lastSeq > open.pushedSeq) open.pending = true;
      return;
    }
    this.push(conversation);
    this.open(conversation.id, { timer: null, pending: false, pushedSeq: conversation.lastSeq });
  }

  /**
   * `conversation` changed state and the notifier pushed it to the agents: what was pending is older and is
   * dropped. While it waits in the queue, a window starts from that push (the first message of
   * `conversation.start { text }` is already in it).
   */
  transitioned(conversation: Conversation): void {
    const open = this.windows.get(conversation.id);
    if (open?.timer) clearTimeout(open.timer);
    this.windows.delete(conversation.id);
    if (QUEUED_STATES.includes(conversation.artificialType)) {
      this.open(conversation.id, { timer: null, pending: false, pushedSeq: conversation.lastSeq });
    }
  }

  private open(id: string, window: Window): void {
    if (this.stopped) return;
    window.timer = setTimeout(() => this.close(id, window), QUEUE_FEED_WINDOW_MS);
    window.timer.unref();
    this.windows.set(id, window);
  }

  private close(id: string, window: Window): void {
    window.timer = null;
    if (!window.pending) {
      this.windows.delete(id);
      return;
    }
    window.pending = false;
    // The window stays while the fresh copy is read: messages meanwhile wait for the next one.
    this.queue
      .waiting(id)
      .then((fresh) => {
        if (this.windows.get(id) !== window) return; // a transition was pushed meanwhile
        if (!fresh) {
          this.windows.delete(id);
          return;
        }
        // Messages stored during the last read were already in it: no second copy of the same state.
        if (fresh.lastSeq > window.pushedSeq) {
          this.push(fresh);
          window.pushedSeq = fresh.lastSeq;
        }
        this.open(id, window);
      })
      .catch((error: unknown) => {
        this.logger.warn({ message: 'queue row refresh failed', conversationId: id, error: String(error) });
        if (this.windows.get(id) === window) this.windows.delete(id);
      });
  }

  private push(conversation: Conversation): void {
    this.teamQueue.toQueueAudience(conversation, (audience) =>
      this.emitter.send({ rooms: audience }, SERVER_EVENTS.conversationUpdated, conversation),
    );
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    for (const window of this.windows.values()) if (window.timer) clearTimeout(window.timer);
    this.windows.clear();
  }
}
