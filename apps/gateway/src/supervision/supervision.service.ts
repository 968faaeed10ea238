import { Injectable } from '@nestjs/common';
import { QUEUED_STATES, type Overview } from '@switchboard/protocol';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { UsersRepository } from '../users/users.repository';
import { presenceOf } from '../users/users.service';

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

@Injectable()
export class SupervisionService {
  constructor(
    private readonly users: UsersRepository,
    private readonly conversations: ConversationsRepository,
  ) {}

  /** The Overview, or null when no supervisor is connected to any gateway (then nobody needs the push). */
  async overviewIfWatched(): Promise<Overview | null> {
    return (await this.users.countConnected('supervisor')) > 0 ? this.overview() : null;
  }

  /** PROTOCOL section 5's Overview; waitingSeconds is the time in the queue so far (0 once assigned). */
  async overview(): Promise<Overview> {
    const [agents, live] = await Promise.all([this.users.listByRole(['agent']), this.conversations.listLiveSummaries()]);
    const now = Date.now();
    const waiting = (queuedAt: Date | null) => (queuedAt ? seconds(now - new Date(queuedAt).getTime()) : 0);
    const queued = live.filter((c) => QUEUED_STATES.includes(c.artificialType));
    const unreadByAgent = new Map<string, number>();
    for (const c of live) {
      if (c.agentId) unreadByAgent.set(c.agentId, (unreadByAgent.get(c.agentId) ?? 0) + (c.unread?.agent ?? 0));
    }
    return {
      queue: {
        open: queued.filter((c) => c.artificialType === 'open').length,
        transferring: queued.filter((c) => c.artificialType === 'transferring').length,
        longestWaitSeconds: queued.reduce((max, c) => Math.max(max, waiting(c.queuedAt)), 0),
      },
      agents: agents.map((a) => {
        const id = a._id.toHexString();
        return { id, name: a.name, status: presenceOf(a, now), serving: a.servingCount, unreadTotal: unreadByAgent.get(id) ?? 0 };
      }),
      conversations: live.map((c) => ({
        id: c._id,
        number: c.number,
        artificialType: c.artificialType,
        agentId: c.agentId ?? null,
        customerName: c.customer.name,
        unread: { customer: c.unread?.customer ?? 0, agent: c.unread?.agent ?? 0 },
        waitingSeconds: QUEUED_STATES.includes(c.artificialType) ? waiting(c.queuedAt) : 0,
        lastMessageAt: c.lastMessage?.at ?? null,
        labels: c.labels ?? [],
        teamId: c.teamId ?? null,
      })),
    };
  }
}
