import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { holdsSlot, isQueued } from '@switchboard/protocol';
import { Types } from 'mongoose';
import { merge, type Subscription } from 'rxjs';
import { DomainError } from '../common/domain-error';
import { DomainEventsService } from '../events/domain-events.service';
import { SettingsService } from '../settings/settings.service';
import type { OnlineAgent } from '../users/users.repository';
import { AssignerLeaseRepository } from './assigner-lease.repository';
import { ConversationTransitions } from './conversation-transitions.service';
import { ConversationsRepository } from './conversations.repository';
import { QueueRouting } from './queue-routing.service';

/** How long a gateway may hold the assigner's lease without renewing it (it renews every RENEW_MS while it works). */
const LEASE_TTL_MS = 30_000;
const RENEW_MS = 5_000;
/** How much of the queue's head one pass looks at; the next pass (or tick) takes the rest. */
const QUEUE_HEAD = 200;
/** Passes per drain before letting the next trigger or tick continue (a bound, never a correctness limit). */
const MAX_PASSES = 100;

interface Load {
  agent: OnlineAgent;
  id: string;
  load: number;
  lastAssignedAt: number;
}

/**
 * The choice among agents with room: the fewest live conversations, then the longest idle (since their last
 * assignment; never assigned counts as idle longest), then the id, so every gateway would choose alike.
 */
export function pickAgent(candidates: readonly Load[]): Load | null {
  let best: Load | null = null;
  for (const c of candidates) {
    if (c.load >= c.agent.maxConcurrent) continue;
    if (
      !best ||
      c.load < best.load ||
      (c.load === best.load &&
        (c.lastAssignedAt < best.lastAssignedAt ||
          (c.lastAssignedAt === best.lastAssignedAt && c.id < best.id)))
    )
      best = c;
  }
  return best;
}

/**
 * Section 9's automatic assignment (`assignment: 'auto'`). Whenever the queue or an agent's room may have changed
 * (a conversation queued or a slot freed, an agent coming online, an account edited), and on every sweeper tick as a
 * backstop, the gateway holding the assigner lease walks the queue in its order (transferring first, then open,
 * oldest first: FIFO) and gives each conversation to the least-loaded online agent of its pool (the team's online
 * agents, everyone when none of them is online) below their maxConcurrent. Each assignment is the table's
 * `auto_assign` row: the slot is reserved only while the agent's load is what the choice saw, then the same
 * compare-and-set as grab, so limits hold and each conversation has one assignee whatever other gateways and
 * grabbing agents do. A conversation whose pool has no room waits where it is; a later one of another pool may go.
 */
@Injectable()
export class AutoAssigner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AutoAssign');
  private readonly owner = new Types.ObjectId().toHexString();
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private subscription: Subscription | null = null;

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly transitions: ConversationTransitions,
    private readonly routing: QueueRouting,
    private readonly settings: SettingsService,
    private readonly leases: AssignerLeaseRepository,
    private readonly events: DomainEventsService,
  ) {}

  onModuleInit(): void {
    this.subscription = merge(
      this.events.of('conversation.changed'),
      this.events.of('presence.changed'),
      this.events.of('account.changed'),
    ).subscribe((event) => {
      if (event.type === 'conversation.changed') {
        const c = event.conversation;
        const freed =
          event.previous !== null && holdsSlot(event.previous.artificialType) && !holdsSlot(c.artificialType);
        if (!isQueued(c.artificialType) && !freed) return;
      } else if (event.type === 'presence.changed' && event.status !== 'online') return;
      this.kick('event');
    });
  }

  /**
   * Runs a drain now, or once more after the one running. An event that finds another gateway at work asks it to
   * drain again (what it announced may be new to that gateway); the sweeper's tick, a backstop, does not.
   */
  kick(cause: 'event' | 'tick' = 'event'): void {
    if (this.stopped) return;
    if (this.running) {
      if (cause === 'event') this.again = true;
      return;
    }
    this.running = this.run(cause)
      .catch((error: unknown) =>
        this.logger.warn({ message: 'auto-assignment failed', error: String(error) }),
      )
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick('event');
        }
      });
  }

  /** The drain in progress, if any (tests and shutdown wait for it). */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async run(cause: 'event' | 'tick'): Promise<void> {
    if ((await this.settings.get()).assignment !== 'auto') return;
    if (!(await this.leases.acquire(this.owner, LEASE_TTL_MS))) {
      if (cause === 'tick') return;
      await this.leases.markDirty();
      // It may have been let go between the two: try once more, or the holder drains again for us.
      if (!(await this.leases.acquire(this.owner, LEASE_TTL_MS))) return;
    }
    try {
      do await this.drain();
      while (!this.stopped && !(await this.leases.release(this.owner, LEASE_TTL_MS)));
    } catch (error) {
      await this.leases.abandon(this.owner);
      throw error;
    }
  }

  /** Passes over the queue's head until one assigns nothing and nothing it tried had moved. */
  private async drain(): Promise<void> {
    let renewedAt = Date.now();
    const renew = async () => {
      if (Date.now() - renewedAt < RENEW_MS) return;
      renewedAt = Date.now();
      await this.leases.extend(this.owner, LEASE_TTL_MS);
    };
    for (let pass = 0; pass < MAX_PASSES && !this.stopped; pass++) {
      const [snapshot, queue] = await Promise.all([
        this.routing.snapshot(),
        this.conversations.queueHead(QUEUE_HEAD),
      ]);
      if (queue.length === 0 || snapshot.online.length === 0) return;
      const loads = new Map<string, Load>(
        snapshot.online.map((agent) => {
          const id = agent._id.toHexString();
          return [
            id,
            {
              agent,
              id,
              load: agent.servingCount,
              lastAssignedAt: agent.lastAssignedAt ? +new Date(agent.lastAssignedAt) : 0,
            },
          ];
        }),
      );
      let assigned = 0;
      let moved = false;
      for (const c of queue) {
        const chosen = pickAgent(
          snapshot.poolFor(c.teamId).map((a) => loads.get(a._id.toHexString()) as Load),
        );
        if (!chosen) continue; // its pool is full: it keeps its place, later ones of other pools may go
        await renew();
        try {
          const after = await this.transitions.happen('auto_assign', c, {
            input: { agentId: chosen.id },
            expectedLoad: chosen.load,
          });
          if (!after) {
            moved = true; // grabbed or changed meanwhile
            continue;
          }
          chosen.load++;
          chosen.lastAssignedAt = Date.now();
          assigned++;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          moved = true; // the agent's load or status changed under us: read again
          break;
        }
      }
      if (assigned > 0) this.logger.log({ message: 'auto-assigned', assigned });
      if (assigned === 0 && !moved) return;
      await renew();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    await this.running;
  }
}
