import { Injectable, Logger } from '@nestjs/common';
import { SERVER_EVENTS, type Conversation } from '@switchboard/protocol';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { toConversation } from '../conversations/conversation.mapper';
import { QueueRouting } from '../conversations/queue-routing.service';
import type { DomainEventOf } from '../events/domain-events';
import { UsersRepository } from '../users/users.repository';
import { RealtimeEmitter } from './realtime-emitter.service';
import { rooms } from './rooms';

/**
 * Section 9's routing on the wire: who receives a waiting conversation's queue rows (`queue.updated`, and its
 * `conversation.updated` while it waits), and the rows that move when routing changes (a team's first agent comes
 * online or its last one goes, a team's agents change, a team is deleted). A team-less conversation goes to every
 * agent at once, as before teams; a team's is resolved from the database (teams, presence) and sent in order per
 * conversation, so an exit never overtakes its entry.
 */
@Injectable()
export class TeamQueueFeed {
  private readonly logger = new Logger('Realtime');
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly emitter: RealtimeEmitter,
    private readonly routing: QueueRouting,
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
  ) {}

  /** Calls `send` with the rooms that see `c`'s queue row: `agents`, or the team's agents and the supervisors. */
  toQueueAudience(c: Pick<Conversation, 'id' | 'teamId'>, send: (audience: string[]) => void): void {
    const pending = this.chains.get(c.id);
    if (!c.teamId && !pending) {
      send([rooms.agents]);
      return;
    }
    const next = (pending ?? Promise.resolve())
      .then(async () => {
        const audience = (await this.routing.snapshot()).audienceOf(c.teamId);
        send(audience === null ? [rooms.agents] : [rooms.supervisors, ...audience.map(rooms.user)]);
      })
      .catch((error: unknown) =>
        this.logger.warn({ message: 'queue audience failed', conversationId: c.id, error: String(error) }),
      )
      .finally(() => {
        if (this.chains.get(c.id) === next) this.chains.delete(c.id);
      });
    this.chains.set(c.id, next);
  }

  /** An agent's presence changed: each of their teams that just became covered or uncovered moves its rows. */
  presenceChanged({ agentId, status }: DomainEventOf<'presence.changed'>): void {
    this.run(async () => {
      const snapshot = await this.routing.snapshot();
      for (const team of snapshot.teamsOf(agentId)) {
        const members = team.agentIds;
        const othersOnline = members.some((id) => id !== agentId && snapshot.isOnline(id));
        if (othersOnline) continue; // the team was covered before and still is
        const nowCovered = status === 'online' && snapshot.isOnline(agentId);
        // Everyone but the team's agents (and supervisors, who see everything) gains or loses its rows.
        await this.moveRows(team._id.toHexString(), nowCovered ? 'removed' : 'added', {
          rooms: [rooms.agents],
          except: [rooms.supervisors, ...members.map(rooms.user)],
        });
      }
    });
  }

  /** A team was made, changed or deleted: each agent whose view of its rows changed gains or loses them. */
  teamChanged({ teamId, before, after }: DomainEventOf<'team.changed'>): void {
    this.run(async () => {
      const snapshot = await this.routing.snapshot();
      const coveredBefore = before.some((id) => snapshot.isOnline(id));
      const coveredAfter = after !== null && after.some((id) => snapshot.isOnline(id));
      const sees = (members: string[] | null, covered: boolean, id: string) =>
        members === null || !covered || members.includes(id);
      const gain: string[] = [];
      const lose: string[] = [];
      for (const agent of await this.users.listByRole(['agent'])) {
        const id = agent._id.toHexString();
        const was = sees(before, coveredBefore, id);
        const is = sees(after, coveredAfter, id);
        if (was && !is) lose.push(id);
        if (!was && is) gain.push(id);
      }
      // A deleted team's conversations are team-less now: their rows come with conversation.updated to everyone.
      if (after === null) return;
      if (lose.length > 0) await this.moveRows(teamId, 'removed', { rooms: lose.map(rooms.user) });
      if (gain.length > 0) await this.moveRows(teamId, 'added', { rooms: gain.map(rooms.user) });
    });
  }

  private async moveRows(
    teamId: string,
    how: 'added' | 'removed',
    audience: { rooms: string[]; except?: string[] },
  ) {
    const waiting = (await this.conversations.listQueuedOfTeam(teamId)).map(toConversation);
    if (waiting.length === 0) return;
    const update = how === 'added' ? { added: waiting } : { removed: waiting.map((c) => c.id) };
    this.emitter.send(audience, SERVER_EVENTS.queueUpdated, update);
  }

  private run(work: () => Promise<void>): void {
    work().catch((error: unknown) =>
      this.logger.warn({ message: 'team routing feed failed', error: String(error) }),
    );
  }
}
