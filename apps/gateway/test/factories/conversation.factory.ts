import { slotHolder, type ArtificialType, type Transfer } from '@switchboard/protocol';
import { Types, type Model } from 'mongoose';
import type { SocketUser } from '../../src/auth/principal';
import type { ConversationRecord } from '../../src/conversations/schemas/conversation.schema';
import type { User } from '../../src/users/schemas/user.schema';

export interface ConversationFixture {
  state?: ArtificialType;
  /** The assignee (serving, transfer_initiated, close_initiated; for closed, the last one). */
  agent?: SocketUser | null;
  /** transfer_initiated: the agent it is offered to. */
  offeredTo?: SocketUser;
  /** When the pending offer or the close proposal times out. */
  deadlineAt?: Date | null;
  closeProposalSeq?: number | null;
  queuedAt?: Date;
  /** When the customer last wrote (section 9's idle closing compares it). */
  customerActiveAt?: Date;
  /** When the assignee took it. */
  assignedAt?: Date;
}

let number = 100_000;

/**
 * A conversation of `customer` in any state, stored as the transitions would have left it: the assignee's load slot
 * counted, the customer's live conversation claimed, the transfer and deadline in place.
 */
export class ConversationFactory {
  constructor(
    private readonly conversations: Model<ConversationRecord>,
    private readonly users: Model<User>,
  ) {}

  async create(customer: SocketUser, fixture: ConversationFixture = {}): Promise<ConversationRecord> {
    const state = fixture.state ?? 'open';
    const agentId = state === 'open' || state === 'transferring' ? null : (fixture.agent?.id ?? null);
    const now = new Date();
    const transfer: Transfer | null =
      state === 'transfer_initiated'
        ? {
            mode: 'agent',
            fromAgentId: agentId ?? '',
            toAgentId: fixture.offeredTo?.id ?? null,
            note: null,
            initiatedAt: now.toISOString(),
            expiresAt: (fixture.deadlineAt ?? now).toISOString(),
          }
        : null;
    const _id = new Types.ObjectId().toHexString();
    const record = {
      _id,
      number: ++number,
      artificialType: state,
      customerId: customer.id,
      customer: { id: customer.id, name: customer.name, type: null },
      agentId,
      participants: agentId ? [agentId] : [],
      transfer,
      lastSeq: 0,
      lastMessage: null,
      reads: { customer: 0, agents: {} },
      unread: { customer: 0, agent: 0 },
      createdAt: now,
      queuedAt: fixture.queuedAt ?? now,
      assignedAt: agentId ? (fixture.assignedAt ?? now) : null,
      closedAt: state === 'closed' ? now : null,
      closedBy: state === 'closed' ? 'customer' : null,
      rating: null,
      deadlineAt: fixture.deadlineAt ?? null,
      closeProposalSeq: fixture.closeProposalSeq ?? null,
      pendingSystem: [],
      waitSeconds: null,
      labels: [],
      customerActiveAt: fixture.customerActiveAt ?? now,
    } satisfies Omit<ConversationRecord, 'number'> & { number: number };
    await this.conversations.collection.insertOne(record as never);
    const holder = slotHolder(record);
    if (holder)
      await this.users.updateOne({ _id: new Types.ObjectId(holder) }, { $inc: { servingCount: 1 } }).exec();
    if (state !== 'closed')
      await this.users
        .updateOne({ _id: new Types.ObjectId(customer.id) }, { $set: { liveConversationId: _id } })
        .exec();
    return (await this.conversations.findById(_id).lean<ConversationRecord>().exec())!;
  }
}
