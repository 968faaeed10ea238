import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVER_EVENTS, type QueuePositionEvent } from '@switchboard/protocol';
import { QueueService, type CustomerPosition } from '../conversations/queue.service';
import { RealtimeEmitter } from './realtime-emitter.service';
import { rooms } from './rooms';

/** A quiet queue answers a change this fast; a busy one is recomputed at most once per interval. */
const FIRST_DELAY_MS = 50;
const MIN_INTERVAL_MS = 500;
/** Node-to-node hint (through the adapter): the queue changed; `forget` lists customers to tell again. */
const QUEUE_CHANGED = 'switchboard:queue.changed';

interface QueueChangedHint {
  forget?: unknown;
}

/**
 * The estimate (mean recent wait × position) shifts a little with every assignment anywhere; a customer whose
 * position stayed is told again only when it appears or moves by at least 30 s and a fifth.
 */
function estimateMoved(told: number | null, now: number | null): boolean {
  if (told === null || now === null) return told !== now;
  const change = Math.abs(now - told);
  return change >= 30 && change >= told / 5;
}

/**
 * `queue.position` for every waiting customer connected to this node, whenever it changes (PROTOCOL section 5).
 * A round reads the whole queue in order once (QueueService.positions: two index scans of two fields) and
 * emits only to local customers whose position or estimate differs from what this node last told them, so its
 * cost is one read plus what really changed. Rounds run one at a time, at most one per MIN_INTERVAL_MS, and a
 * change during a round schedules the next. With several nodes, the node where the queue changed tells the
 * others, and each one serves its own customers, so nobody's memory of what was sent is needed elsewhere.
 */
@Injectable()
export class QueuePositions implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  /** What this node last told each of its waiting customers. */
  private readonly told = new Map<string, QueuePositionEvent>();
  /** Customers to tell again in the next round; sent along to the other nodes. */
  private readonly forgetting = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private pending = false;
  private changedHere = false;
  private lastRound = 0;
  private stopped = false;

  constructor(
    private readonly queue: QueueService,
    private readonly emitter: RealtimeEmitter,
  ) {}

  onApplicationBootstrap(): void {
    this.emitter.onOtherNodes(QUEUE_CHANGED, (hint) => {
      const forget = (hint as QueueChangedHint | null)?.forget;
      if (Array.isArray(forget)) for (const id of forget) if (typeof id === 'string') this.told.delete(id);
      this.schedule();
    });
  }

  /**
   * The queue changed on this node. `customerIds` entered or left it: each is told their position in the next
   * round even when the number is the one they last had (their widget dropped it when they left).
   */
  changed(customerIds: string[] = []): void {
    for (const id of customerIds) {
      this.told.delete(id);
      this.forgetting.add(id);
    }
    this.changedHere = true;
    this.schedule();
  }

  /** A waiting customer opened a socket here: it learns the position in the next round. */
  connected(customerId: string): void {
    this.told.delete(customerId);
    this.schedule();
  }

  private schedule(): void {
    this.pending = true;
    if (this.timer || this.running || this.stopped) return;
    const wait = Math.max(FIRST_DELAY_MS, this.lastRound + MIN_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => void this.round(), wait);
  }

  private async round(): Promise<void> {
    this.timer = null;
    this.pending = false;
    this.running = true;
    this.lastRound = Date.now();
    if (this.changedHere) {
      this.emitter.tellOtherNodes(QUEUE_CHANGED, { forget: [...this.forgetting] });
      this.changedHere = false;
      this.forgetting.clear();
    }
    try {
      this.deliver(await this.queue.positions());
    } catch (error) {
      this.logger.warn({ message: 'queue positions failed', error: String(error) });
    } finally {
      this.running = false;
      if (this.pending) this.schedule();
    }
  }

  private deliver(positions: CustomerPosition[]): void {
    const here = new Set<string>();
    for (const { customerId, ...position } of positions) {
      const room = rooms.user(customerId);
      if (!this.emitter.hasLocal(room)) continue;
      here.add(customerId);
      const last = this.told.get(customerId);
      if (
        last?.conversationId === position.conversationId &&
        last.position === position.position &&
        !estimateMoved(last.estimatedWaitSeconds, position.estimatedWaitSeconds)
      ) {
        continue;
      }
      this.told.set(customerId, position);
      this.emitter.sendLocal({ rooms: [room] }, SERVER_EVENTS.queuePosition, position);
    }
    for (const id of this.told.keys()) if (!here.has(id)) this.told.delete(id);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
