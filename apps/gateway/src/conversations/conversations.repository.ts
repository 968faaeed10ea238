import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ArtificialType, LastMessage } from '@switchboard/protocol';
import type { Model, UpdateQuery } from 'mongoose';
import { ConversationRecord, CounterRecord } from './schemas/conversation.schema';

export type ConversationFilter = Record<string, unknown>;

export type LiveSummary = Pick<ConversationRecord, '_id' | 'number' | 'artificialType' | 'agentId' | 'unread' | 'queuedAt'> & {
  customer: { name: string };
  lastMessage: { at: string } | null;
};

/** States in which the assignee holds one of their load slots. */
export const SLOT_STATES: readonly ArtificialType[] = ['serving', 'transfer_initiated', 'close_initiated'];
export const LIVE_STATES: readonly ArtificialType[] = ['open', 'serving', 'transfer_initiated', 'transferring', 'close_initiated'];

/** The only place that touches the conversations and counters collections. */
@Injectable()
export class ConversationsRepository {
  constructor(
    @InjectModel(ConversationRecord.name) private readonly conversations: Model<ConversationRecord>,
    @InjectModel(CounterRecord.name) private readonly counters: Model<CounterRecord>,
  ) {}

  async nextNumber(): Promise<number> {
    const counter = await this.counters
      .findOneAndUpdate({ _id: 'conversation.number' }, { $inc: { value: 1 } }, { returnDocument: 'after', upsert: true })
      .lean<CounterRecord>()
      .exec();
    return counter.value;
  }

  async create(record: Partial<ConversationRecord> & { _id: string }): Promise<ConversationRecord> {
    const created = await this.conversations.create(record);
    return created.toObject() as ConversationRecord;
  }

  findById(id: string): Promise<ConversationRecord | null> {
    return this.conversations.findById(id).lean<ConversationRecord>().exec();
  }

  /** One atomic compare-and-set: applies `update` only while the document still matches `expected`. */
  transition(id: string, expected: ConversationFilter, update: UpdateQuery<ConversationRecord>) {
    return this.conversations
      .findOneAndUpdate({ _id: id, ...expected }, update, { returnDocument: 'after' })
      .lean<ConversationRecord>()
      .exec();
  }

  /** Records message `seq` on the conversation (exactly once: only while lastSeq is seq-1). */
  applyMessage(id: string, seq: number, lastMessage: LastMessage, unreadField: 'customer' | 'agent' | null) {
    const update: UpdateQuery<ConversationRecord> = { $set: { lastSeq: seq, lastMessage } };
    if (unreadField) update.$inc = { [`unread.${unreadField}`]: 1 };
    return this.transition(id, { lastSeq: seq - 1 }, update);
  }

  listByState(state: ArtificialType, limit = 500): Promise<ConversationRecord[]> {
    return this.conversations
      .find({ artificialType: state })
      .sort({ queuedAt: 1 })
      .limit(limit)
      .lean<ConversationRecord[]>()
      .exec();
  }

  /** The queue: transferring first, then open, oldest first within each. */
  async listQueue(): Promise<ConversationRecord[]> {
    const [transferring, open] = await Promise.all([this.listByState('transferring'), this.listByState('open')]);
    return [...transferring, ...open];
  }

  listHeldBy(agentId: string, states: readonly ArtificialType[] = SLOT_STATES): Promise<ConversationRecord[]> {
    return this.conversations
      .find({ agentId, artificialType: { $in: states } })
      .sort({ assignedAt: 1 })
      .limit(500)
      .lean<ConversationRecord[]>()
      .exec();
  }

  /** unread.agent of each conversation the agent holds, by id (only those fields are read). */
  async agentUnreadCounts(agentId: string): Promise<Map<string, number>> {
    const held = await this.conversations
      .find({ agentId, artificialType: { $in: SLOT_STATES } }, { unread: 1 })
      .limit(500)
      .lean<Pick<ConversationRecord, '_id' | 'unread'>[]>()
      .exec();
    return new Map(held.map((c) => [c._id, c.unread?.agent ?? 0]));
  }

  /** Every conversation not closed, with only what the Overview shows. */
  listLiveSummaries(): Promise<LiveSummary[]> {
    return this.conversations
      .find(
        { artificialType: { $in: LIVE_STATES } },
        { number: 1, artificialType: 1, agentId: 1, 'customer.name': 1, unread: 1, queuedAt: 1, 'lastMessage.at': 1 },
      )
      .sort({ createdAt: 1 })
      .limit(2000)
      .lean<LiveSummary[]>()
      .exec();
  }

  listDue(state: 'transfer_initiated' | 'close_initiated', now: Date): Promise<ConversationRecord[]> {
    return this.conversations
      .find({ artificialType: state, deadlineAt: { $lte: now } })
      .limit(100)
      .lean<ConversationRecord[]>()
      .exec();
  }

  /** Waiting times of the latest assignments, newest first. */
  async recentWaits(limit: number): Promise<number[]> {
    const recent = await this.conversations
      .find({ assignedAt: { $ne: null } }, { waitSeconds: 1 })
      .sort({ assignedAt: -1 })
      .limit(limit)
      .lean<Pick<ConversationRecord, 'waitSeconds'>[]>()
      .exec();
    return recent.map((c) => c.waitSeconds).filter((w): w is number => typeof w === 'number');
  }
}
