import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  LIVE_STATES,
  QUEUED_STATES,
  SLOT_STATES,
  type ArtificialType,
  type ConversationChange,
  type LastMessage,
  type RuleGuard,
} from '@switchboard/protocol';
import { mongo, type Model } from 'mongoose';
import { rawFind } from '../database/raw-find';
import { answerInOrder, createBatchLoader } from '../common/batch-loader';
import { blindMessageMoments, messageMoments, type MessageFacts, type ReportMoments } from './report-moments';
import { ConversationRecord, CounterRecord, type PendingSystemMessage } from './schemas/conversation.schema';
import type { WebhookOutboxEntry } from './webhook-outbox';

export type ConversationFilter = Record<string, unknown>;

/** Message `seq` to record on conversation `id` (see applyMessage). */
interface MessageRecording {
  id: string;
  seq: number;
  lastMessage: LastMessage;
  unreadField: 'customer' | 'agent' | null;
  /** Who wrote it (the reports' first-response moment names its author). */
  senderId?: string;
  /** A system message's key: recording it clears the pending entry it was written from (see applyTransition). */
  systemKey?: string;
  /** The close proposal's system message: only customer messages after it take the conversation back to serving. */
  closeProposal?: boolean;
  /** The conversation as last read at lastSeq = seq - 1, when the caller has it. */
  before?: ConversationRecord;
}

/** What a message recording carries besides its seq (see recordMessage). */
export type RecordingOf = Omit<MessageRecording, 'id' | 'seq' | 'before'>;

/** The compare-and-set's expectation: the state and assignee as read, plus the rule's guard if it has one. */
export interface TransitionExpectation {
  artificialType: ArtificialType;
  agentId: string | null;
  guard?: RuleGuard;
  actorId?: string | null;
  now: Date;
  /** after_close_proposal: the customer message's seq. */
  seq?: number;
  /** customer_idle: silent (and held) since at least this instant. */
  idleCutoff?: Date;
}

/** Where a read marker goes and what the reader's unread count becomes (see markRead). */
export interface ReadMark {
  reader: { type: 'customer' } | { type: 'agent'; id: string; isAssignee: boolean };
  /** The conversation as the count was made: the same lastSeq and assignee, so the count is exact. */
  lastSeq: number;
  agentId: string | null;
  seq: number;
  unread: number;
}

export type LiveSummary = Pick<
  ConversationRecord,
  '_id' | 'number' | 'artificialType' | 'agentId' | 'unread' | 'queuedAt' | 'labels' | 'teamId'
> & {
  customer: { name: string };
  lastMessage: { at: string } | null;
};

/** Which conversations a report reads (see reportCursor). */
export interface ReportScope {
  from: Date;
  to: Date;
  teamId?: string;
  agentId?: string;
}
/** Conversations per reply of a report's cursor. */
const REPORT_BATCH = 5000;
/** A report's conversations: created in the range, of the team or (latest assigned to) the agent when given. */
function reportFilter(scope: ReportScope): ConversationFilter {
  const filter: ConversationFilter = { createdAt: { $gte: scope.from, $lt: scope.to } };
  if (scope.teamId) filter.teamId = scope.teamId;
  if (scope.agentId) filter.lastAgentId = scope.agentId;
  return filter;
}

export type QueuedState = 'transferring' | 'open';
/** Where a queue page starts: after this conversation (queue order is queuedAt, then _id). */
export interface QueueKey {
  queuedAt: Date;
  id: string;
}
export type QueueEntry = Pick<ConversationRecord, '_id' | 'customerId' | 'queuedAt'>;
/**
 * Which part of the queue an agent sees (section 9's routing): the team-less conversations and those of these
 * teams; null for all of it (supervisors).
 */
export type QueueScope = { teamIds: string[] } | null;
const scopeFilter = (scope: QueueScope): ConversationFilter =>
  scope ? { teamId: { $in: [null, ...scope.teamIds] } } : {};
const QUEUE_ORDER = { queuedAt: 1, _id: 1 } as const;

/** Ids per reply when loading an agent's readable conversations: one round trip for thousands of them. */
const READABLE_BATCH = 50_000;

/** The only place that touches the conversations and counters collections. */
@Injectable()
export class ConversationsRepository {
  constructor(
    @InjectModel(ConversationRecord.name) private readonly conversations: Model<ConversationRecord>,
    @InjectModel(CounterRecord.name) private readonly counters: Model<CounterRecord>,
  ) {}

  async nextNumber(): Promise<number> {
    const counter = await this.counters
      .findOneAndUpdate(
        { _id: 'conversation.number' },
        { $inc: { value: 1 } },
        { returnDocument: 'after', upsert: true },
      )
      .lean<CounterRecord>()
      .exec();
    return counter.value;
  }

  async create(record: Partial<ConversationRecord> & { _id: string }): Promise<ConversationRecord> {
    const created = await this.conversations.create(record);
    return created.toObject() as ConversationRecord;
  }

  // The per-message operations (read a conversation, record a message on it, an agent's unread counts) are batched
  // across conversations: see createBatchLoader.
  private readonly byId = createBatchLoader<string, ConversationRecord | null>(async (ids) => {
    const found = await this.conversations
      .find({ _id: { $in: [...new Set(ids)] } })
      .lean<ConversationRecord[]>()
      .exec();
    return answerInOrder(ids, new Map(found.map((c) => [c._id, c])));
  });

  private readonly recordings = createBatchLoader<MessageRecording, ConversationRecord | null>(
    async (recordings) => {
      // One conditional update alone answers with the document it leaves: no guard or read-back needed.
      const recordAlone = (r: MessageRecording) =>
        this.update(r.id, recordingFilter(r), recordingUpdate(r));
      if (recordings.length === 1) return [await recordAlone(recordings[0])];
      const guarded = recordings.map((r) => (r.before ? stateGuard(r.before) : null));
      let matched: number;
      try {
        const result = await (
          this.conversations.collection as unknown as mongo.Collection<ConversationRecord>
        ).bulkWrite(
          recordings.map((r, i) => ({
            updateOne: {
              filter: { _id: r.id, ...recordingFilter(r), ...guarded[i] },
              update: recordingUpdate(r),
            },
          })),
          { ordered: false },
        );
        matched = result.matchedCount;
      } catch {
        // A write error gives no per-operation outcome: make each conditional update alone (a repeated one matches
        // nothing, as lastSeq has moved on).
        return Promise.all(recordings.map(recordAlone));
      }
      // Every update matched a conversation still in the state it was read in: that state plus this update is what
      // each one holds now, with no need to read it back.
      if (matched === recordings.length && guarded.every(Boolean)) {
        return recordings.map((r) => (r.before ? recordedOn(r.before, r) : null));
      }
      // The bulk reply counts matches but does not say which: whether seq is recorded shows on the conversation.
      const after = await this.byId.loadMany(recordings.map((r) => r.id));
      return recordings.map((r, i) => {
        const c = after[i];
        return c instanceof Error ? c : c && c.lastSeq >= r.seq ? c : null;
      });
    },
  );

  private readonly unreadByAgent = createBatchLoader<string, Map<string, number>>(async (agentIds) => {
    const held = await this.conversations
      .find(
        { agentId: { $in: [...new Set(agentIds)] }, artificialType: { $in: SLOT_STATES } },
        { unread: 1, agentId: 1 },
      )
      .lean<Pick<ConversationRecord, '_id' | 'unread' | 'agentId'>[]>()
      .exec();
    return agentIds.map(
      (agentId) =>
        new Map(held.filter((c) => c.agentId === agentId).map((c) => [c._id, c.unread?.agent ?? 0])),
    );
  });

  findById(id: string): Promise<ConversationRecord | null> {
    return this.byId.load(id);
  }

  /** Mentioned staff may read the conversation from now on (notes/): one idempotent $addToSet. */
  async grantMentionReads(id: string, agentIds: string[]): Promise<void> {
    if (agentIds.length === 0) return;
    await this.conversations
      .updateOne({ _id: id }, { $addToSet: { mentionedAgentIds: { $each: agentIds } } })
      .exec();
  }

  private update(id: string, filter: ConversationFilter, update: mongo.UpdateFilter<ConversationRecord>) {
    return this.conversations
      .findOneAndUpdate({ _id: id, ...filter }, update, { returnDocument: 'after' })
      .lean<ConversationRecord>()
      .exec();
  }

  /**
   * A transition of the conversation-rules table as one atomic compare-and-set: applies `change` only while the
   * conversation is still in the expected state with the expected assignee (and the rule's guard holds), and in the
   * same write records the system message still to append (`pending`) and the webhook events it causes (`outbox`),
   * so a crash cannot separate them.
   */
  applyTransition(
    id: string,
    expected: TransitionExpectation,
    change: ConversationChange,
    pending: PendingSystemMessage | null,
    moments: ReportMoments = {},
    outbox: WebhookOutboxEntry[] = [],
  ): Promise<ConversationRecord | null> {
    const { joins, clearAssigneeUnread, ...fields } = change;
    const set: Record<string, unknown> = { ...fields, ...moments };
    if (change.artificialType !== expected.artificialType) set.closeProposalSeq = null;
    if (clearAssigneeUnread) set['unread.agent'] = 0;
    const update: mongo.UpdateFilter<ConversationRecord> = { $set: set };
    if (joins) update.$addToSet = { participants: joins };
    const push: Record<string, unknown> = {};
    if (pending) push.pendingSystem = pending;
    if (outbox.length > 0) push.webhookOutbox = { $each: outbox };
    if (Object.keys(push).length > 0) update.$push = push;
    return this.update(
      id,
      { artificialType: expected.artificialType, agentId: expected.agentId, ...guardFilter(expected) },
      update,
    );
  }

  /**
   * Records message `seq` on the conversation, exactly once: only while lastSeq is seq-1. Resolves to the
   * conversation once seq is recorded on it, or null when it was not (lastSeq was elsewhere, or it changed state
   * since `before` was read: read it again and retry).
   */
  recordMessage(
    id: string,
    seq: number,
    recording: RecordingOf,
    before?: ConversationRecord,
  ): Promise<ConversationRecord | null> {
    return this.recordings.load({
      id,
      seq,
      ...recording,
      before: before?.lastSeq === seq - 1 ? before : undefined,
    });
  }

  /**
   * Moves a read marker forward (never back: only while it is still behind) and sets that reader's unread count,
   * while lastSeq and the assignee are still what the count was made at. Null when something moved meanwhile.
   */
  markRead(id: string, mark: ReadMark): Promise<ConversationRecord | null> {
    const markerPath = mark.reader.type === 'customer' ? 'reads.customer' : `reads.agents.${mark.reader.id}`;
    const set: Record<string, number> = { [markerPath]: mark.seq };
    if (mark.reader.type === 'customer') set['unread.customer'] = mark.unread;
    else if (mark.reader.isAssignee) set['unread.agent'] = mark.unread;
    return this.update(
      id,
      {
        lastSeq: mark.lastSeq,
        agentId: mark.agentId,
        $or: [{ [markerPath]: { $lt: mark.seq } }, { [markerPath]: { $exists: false } }],
      },
      { $set: set },
    );
  }

  /**
   * Sets the assignee's unread count, only while lastSeq and their read marker are what it was counted at (a message
   * recorded meanwhile has already done its $inc, which this $set would erase).
   */
  setAssigneeUnread(id: string, at: { agentId: string; lastSeq: number; marker: number }, count: number) {
    const markerPath = `reads.agents.${at.agentId}`;
    const sameMarker =
      at.marker > 0
        ? { [markerPath]: at.marker }
        : { $or: [{ [markerPath]: 0 }, { [markerPath]: { $exists: false } }] };
    return this.update(
      id,
      { agentId: at.agentId, lastSeq: at.lastSeq, ...sameMarker },
      { $set: { 'unread.agent': count } },
    );
  }

  /** Conversations with webhook events not relayed yet, in no order (served by { 'webhookOutbox.at': 1 }). */
  listWebhookOutbox(limit: number): Promise<Pick<ConversationRecord, '_id' | 'webhookOutbox'>[]> {
    return this.conversations
      .find({ 'webhookOutbox.at': { $lte: new Date(8.64e15) } }, { webhookOutbox: 1 })
      .limit(limit)
      .lean<Pick<ConversationRecord, '_id' | 'webhookOutbox'>[]>()
      .exec();
  }

  /** The relay has copied these events: off the conversation (idempotent). */
  async pullWebhookOutbox(id: string, entryIds: string[]): Promise<void> {
    await this.conversations.updateOne({ _id: id }, { $pull: { webhookOutbox: { id: { $in: entryIds } } } }).exec();
  }

  /** Conversations with a system message pending since `cutoff` or before (what a crash left behind). */
  listPendingSystem(cutoff: Date): Promise<ConversationRecord[]> {
    return this.conversations
      .find({ 'pendingSystem.at': { $lte: cutoff } })
      .limit(100)
      .lean<ConversationRecord[]>()
      .exec();
  }

  /**
   * Up to `limit` conversations waiting in `state`, in queue order (queuedAt, then _id), after `after` or from the
   * start. Two equality-led queries rather than one `$or`, so both stores serve them from the
   * { artificialType, queuedAt, _id } index.
   */
  async queueSlice(
    state: QueuedState,
    after: QueueKey | null,
    limit: number,
    scope: QueueScope = null,
  ): Promise<ConversationRecord[]> {
    const page = (filter: ConversationFilter, sort: Record<string, 1>, max: number) =>
      this.conversations
        .find({ ...filter, ...scopeFilter(scope) })
        .sort(sort)
        .limit(max)
        .lean<ConversationRecord[]>()
        .exec();
    if (!after) return page({ artificialType: state }, QUEUE_ORDER, limit);
    const sameInstant = await page(
      { artificialType: state, queuedAt: after.queuedAt, _id: { $gt: after.id } },
      { _id: 1 },
      limit,
    );
    if (sameInstant.length >= limit) return sameInstant;
    const later = await page(
      { artificialType: state, queuedAt: { $gt: after.queuedAt } },
      QUEUE_ORDER,
      limit - sameInstant.length,
    );
    return [...sameInstant, ...later];
  }

  /** Every conversation waiting in `state`, in queue order, with only what a position needs. */
  queueOrder(state: QueuedState): Promise<QueueEntry[]> {
    return this.conversations
      .find({ artificialType: state }, { customerId: 1, queuedAt: 1 })
      .sort(QUEUE_ORDER)
      .lean<QueueEntry[]>()
      .exec();
  }

  countQueued(scope: QueueScope = null): Promise<number> {
    return this.conversations.countDocuments({ artificialType: { $in: QUEUED_STATES }, ...scopeFilter(scope) }).exec();
  }

  /**
   * Automatic assignment's work list: up to `limit` waiting conversations in queue order (transferring first, then
   * open, oldest first), from the same index as the queue's pages.
   */
  async queueHead(limit: number): Promise<ConversationRecord[]> {
    const transferring = await this.queueSlice('transferring', null, limit);
    if (transferring.length >= limit) return transferring;
    return [...transferring, ...(await this.queueSlice('open', null, limit - transferring.length))];
  }

  /** The conversations of one team waiting in the queue (served by { teamId }), oldest first. */
  listQueuedOfTeam(teamId: string, limit = 500): Promise<ConversationRecord[]> {
    return this.conversations
      .find({ teamId, artificialType: { $in: QUEUED_STATES } })
      .sort(QUEUE_ORDER)
      .limit(limit)
      .lean<ConversationRecord[]>()
      .exec();
  }

  /** A deleted team's conversations become team-less (served by { teamId }); the ids of the live ones. */
  async clearTeam(teamId: string): Promise<string[]> {
    const live = await this.conversations
      .find({ teamId, artificialType: { $in: LIVE_STATES } }, { _id: 1 })
      .lean<{ _id: string }[]>()
      .exec();
    await this.conversations.updateMany({ teamId }, { $set: { teamId: null } }).exec();
    return live.map((c) => c._id);
  }

  listHeldBy(
    agentId: string,
    states: readonly ArtificialType[] = SLOT_STATES,
  ): Promise<ConversationRecord[]> {
    return this.conversations
      .find({ agentId, artificialType: { $in: states } })
      .sort({ assignedAt: 1 })
      .limit(500)
      .lean<ConversationRecord[]>()
      .exec();
  }

  /** unread.agent of each conversation the agent holds, by id (only those fields are read). */
  agentUnreadCounts(agentId: string): Promise<Map<string, number>> {
    return this.unreadByAgent.load(agentId);
  }

  /** Every conversation not closed, with only what the Overview shows. */
  listLiveSummaries(): Promise<LiveSummary[]> {
    return this.conversations
      .find(
        { artificialType: { $in: LIVE_STATES } },
        {
          number: 1,
          artificialType: 1,
          agentId: 1,
          'customer.name': 1,
          unread: 1,
          queuedAt: 1,
          'lastMessage.at': 1,
          labels: 1,
          teamId: 1,
        },
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

  /** Section 9: conversations whose queue notice is due (served by { queueNoticeAt }; claimed one by one). */
  listQueueNoticesDue(now: Date): Promise<ConversationRecord[]> {
    return this.conversations
      .find({ queueNoticeAt: { $lte: now } })
      .limit(100)
      .lean<ConversationRecord[]>()
      .exec();
  }

  /**
   * Claims a due queue notice, once across gateways: clears queueNoticeAt and, when `pending` is given (the
   * conversation still waits in the queue), writes it down as the system message to append, in the same update.
   */
  claimQueueNotice(
    id: string,
    now: Date,
    pending: PendingSystemMessage | null,
  ): Promise<ConversationRecord | null> {
    const filter: ConversationFilter = { queueNoticeAt: { $lte: now } };
    const update: mongo.UpdateFilter<ConversationRecord> = { $set: { queueNoticeAt: null } };
    if (pending) {
      filter.artificialType = { $in: QUEUED_STATES };
      update.$push = { pendingSystem: pending };
    }
    return this.update(id, filter, update);
  }

  /** Section 9: serving conversations silent since `cutoff` (served by { artificialType, customerActiveAt }). */
  listIdle(cutoff: Date): Promise<ConversationRecord[]> {
    return this.conversations
      .find({ artificialType: 'serving', ...idleFilter(cutoff) })
      .limit(100)
      .lean<ConversationRecord[]>()
      .exec();
  }

  /**
   * Whether the user takes part in a conversation that is not closed: as its customer, or (staff) as its assignee or
   * the target of its pending transfer (uploads are for them). Served by { customerId, createdAt },
   * { agentId, artificialType } and { artificialType, deadlineAt } (few conversations wait on a transfer offer).
   */
  async takesPartInLive(userId: string, asCustomer: boolean): Promise<boolean> {
    const live = { artificialType: { $in: LIVE_STATES } };
    if (asCustomer) return (await this.conversations.exists({ customerId: userId, ...live }).exec()) !== null;
    const [assigned, offered] = await Promise.all([
      this.conversations.exists({ agentId: userId, ...live }).exec(),
      this.conversations
        .exists({ artificialType: 'transfer_initiated', 'transfer.toAgentId': userId })
        .exec(),
    ]);
    return assigned !== null || offered !== null;
  }

  /** Section 8: the list preview of a recalled message, only while it is still the conversation's latest. */
  recallLastMessage(id: string, lastMessage: LastMessage): Promise<ConversationRecord | null> {
    return this.update(id, { 'lastMessage.seq': lastMessage.seq }, { $set: { lastMessage } });
  }

  /** Sets a conversation's labels (issue 14): one update, whatever its state. */
  setLabels(id: string, labels: string[]): Promise<ConversationRecord | null> {
    return this.update(id, {}, { $set: { labels } });
  }

  /** Removes a deleted label from every conversation that carries it (served by { labels: 1 }); their ids. */
  async pullLabel(name: string): Promise<string[]> {
    const carrying = await this.conversations
      .find({ labels: name }, { _id: 1 })
      .lean<{ _id: string }[]>()
      .exec();
    if (carrying.length === 0) return [];
    await this.conversations.updateMany({ labels: name }, { $pull: { labels: name } }).exec();
    return carrying.map((c) => c._id);
  }

  /** A customer's conversations, newest first (served by { customerId, createdAt }). */
  listByCustomer(customerId: string, limit: number): Promise<ConversationRecord[]> {
    return this.conversations
      .find({ customerId })
      .sort({ createdAt: -1 })
      .limit(limit)
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

  /**
   * Search: ids of the conversations an agent may read the messages of (conversation-access mayReadMessages: present
   * or past assignee, mentioned in a note), newest first. Every transition that assigns an agent makes them a
   * participant (a test of the transition table holds it), so the participants and mentions indexes are enough, and
   * both answer `_id` from their entries alone.
   */
  async readableIdsOf(agentId: string): Promise<string[]> {
    // Thousands of `{ _id }` per search: read as bytes (database/raw-find), each decoded on its own.
    const ids = async (filter: Record<string, string>) => {
      const found: string[] = [];
      for await (const bytes of rawFind(this.conversations, filter, {
        projection: { _id: 1 },
        sort: { _id: -1 },
        batchSize: READABLE_BATCH,
      }))
        found.push(String(mongo.BSON.deserialize(bytes)._id));
      return found;
    };
    const [participated, mentioned] = await Promise.all([
      ids({ participants: agentId }),
      ids({ mentionedAgentIds: agentId }),
    ]);
    if (mentioned.length === 0) return participated;
    return [...new Set([...participated, ...mentioned])].sort().reverse();
  }

  /**
   * Search within a set: every conversation whose customer holds the keys is walked, newest first, keeping those in
   * `within`; null (give up) past `budget` of them: a rare key is answered in one walk, a common one by `ids` chunks.
   */
  async searchByCustomerWithin(
    primaryKey: string,
    keys: string[],
    limit: number,
    within: Set<string>,
    budget: number,
  ): Promise<string[] | null> {
    const walked = await this.searchByCustomer(primaryKey, keys, budget + 1);
    if (walked.length > budget) return null;
    return walked.filter((id) => within.has(id)).slice(0, limit);
  }

  /** Search: up to `limit` conversations whose customer's name or email holds every key, newest first. */
  async searchByCustomer(
    primaryKey: string,
    keys: string[],
    limit: number,
    ids?: string[],
  ): Promise<string[]> {
    const others = keys.filter((k) => k !== primaryKey);
    const found = await this.conversations
      .find(
        {
          searchKeys: primaryKey,
          ...(ids ? { _id: { $in: ids } } : {}),
          ...(others.length > 0 ? { $and: [{ searchKeys: { $all: others } }] } : {}),
        },
        { _id: 1 },
      )
      .sort({ _id: -1 })
      .limit(limit)
      .lean<{ _id: string }[]>()
      .exec();
    return found.map((c) => c._id);
  }

  /** Backfill: up to `limit` conversations after `afterId` (in _id order) without search keys yet. */
  withoutSearchKeys(
    afterId: string | null,
    limit: number,
  ): Promise<Pick<ConversationRecord, '_id' | 'customerId' | 'customer'>[]> {
    return this.conversations
      .find(
        { ...(afterId ? { _id: { $gt: afterId } } : {}), searchKeys: { $exists: false } },
        { _id: 1, customerId: 1, customer: 1 },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Pick<ConversationRecord, '_id' | 'customerId' | 'customer'>[]>()
      .exec();
  }

  /** Backfill: sets each conversation's keys unless it has some already (idempotent). */
  async setSearchKeys(updates: { id: string; searchKeys: string[] }[]): Promise<void> {
    if (updates.length === 0) return;
    await this.conversations.bulkWrite(
      updates.map((u) => ({
        updateOne: {
          filter: { _id: u.id, searchKeys: { $exists: false } },
          update: { $set: { searchKeys: u.searchKeys } },
        },
      })),
      { ordered: false },
    );
  }

  /**
   * Reports (issue 17): the conversations created in [from, to), optionally of one team or one latest assignee,
   * with only the fields `projection` names, in createdAt order, as a cursor (a year is never held in memory). Served
   * by { createdAt }, { teamId, createdAt } or { lastAgentId, createdAt }.
   */
  reportCursor<T>(
    scope: ReportScope,
    projection: Record<string, 0 | 1>,
  ): AsyncIterable<T> & { close(): Promise<void> } {
    return this.conversations
      .find(reportFilter(scope), projection)
      .sort({ createdAt: 1 })
      .lean<T>()
      .cursor({ batchSize: REPORT_BATCH }) as unknown as AsyncIterable<T> & { close(): Promise<void> };
  }

  /** The same conversations as their BSON bytes (see database/raw-find and reports/facts-reader). */
  reportBytes(scope: ReportScope, projection: Record<string, 0 | 1>): AsyncIterable<Buffer> {
    return rawFind(this.conversations, reportFilter(scope), {
      projection,
      sort: { createdAt: 1 },
      batchSize: REPORT_BATCH,
    });
  }

  /** A one-off job's version recorded as done (in counters), so later starts skip it. */
  async jobVersion(name: string): Promise<number> {
    const counter = await this.counters.findById(name).lean<CounterRecord>().exec();
    return counter?.value ?? 0;
  }

  async setJobVersion(name: string, version: number): Promise<void> {
    await this.counters.updateOne({ _id: name }, { $max: { value: version } }, { upsert: true }).exec();
  }
}
/**
 * What a batched recording requires to still be as read, so that the read plus the update is the new state: the
 * fields the message's consumers act on (state, assignee, counters, the customer's marker).
 */
function stateGuard(before: ConversationRecord): ConversationFilter | null {
  const counters = [before.unread?.customer, before.unread?.agent, before.reads?.customer];
  if (!counters.every((n) => typeof n === 'number')) return null;
  return {
    artificialType: before.artificialType,
    agentId: before.agentId ?? null,
    'unread.customer': before.unread.customer,
    'unread.agent': before.unread.agent,
    'reads.customer': before.reads.customer,
  };
}

function recordedOn(before: ConversationRecord, r: MessageRecording): ConversationRecord {
  const unread = { ...before.unread };
  if (r.unreadField) unread[r.unreadField] += 1;
  const recorded: ConversationRecord = { ...before, lastSeq: r.seq, lastMessage: r.lastMessage, unread };
  if (r.systemKey) recorded.pendingSystem = (before.pendingSystem ?? []).filter((p) => p.key !== r.systemKey);
  if (r.closeProposal) recorded.closeProposalSeq = r.seq;
  if (r.lastMessage.senderType === 'customer') recorded.customerActiveAt = new Date(r.lastMessage.at);
  return { ...recorded, ...messageMoments(before, factsOf(r)) };
}

const factsOf = (r: MessageRecording): MessageFacts => ({
  senderType: r.lastMessage.senderType,
  senderId: r.senderId ?? '',
  at: new Date(r.lastMessage.at),
});

/** Only right after seq - 1; without the conversation as it was there, only where the reports' moments allow. */
function recordingFilter(r: MessageRecording): ConversationFilter {
  return { lastSeq: r.seq - 1, ...(r.before ? {} : blindMessageMoments(factsOf(r)).filter) };
}

function recordingUpdate(r: MessageRecording): mongo.UpdateFilter<ConversationRecord> {
  const set: Record<string, unknown> = { lastSeq: r.seq, lastMessage: r.lastMessage };
  if (r.lastMessage.senderType === 'customer') set.customerActiveAt = new Date(r.lastMessage.at);
  if (r.closeProposal) set.closeProposalSeq = r.seq;
  const blind = r.before ? {} : blindMessageMoments(factsOf(r));
  if (r.before) Object.assign(set, messageMoments(r.before, factsOf(r)));
  const update: mongo.UpdateFilter<ConversationRecord> = { $set: set };
  if (blind.min) update.$min = blind.min;
  if (r.unreadField) update.$inc = { [`unread.${r.unreadField}`]: 1 };
  if (r.systemKey) update.$pull = { pendingSystem: { key: r.systemKey } };
  return update;
}

/** Silent since `cutoff`: the customer's last word and the assignment both at or before it. */
const idleFilter = (cutoff: Date): ConversationFilter => ({
  customerActiveAt: { $lte: cutoff },
  assignedAt: { $lte: cutoff },
});

/** The compare-and-set conditions of each guard of the conversation-rules table. */
function guardFilter({ guard, actorId, now, seq, idleCutoff }: TransitionExpectation): ConversationFilter {
  switch (guard) {
    case 'offered_to_actor':
      return { 'transfer.toAgentId': actorId };
    case 'deadline_passed':
      return { deadlineAt: { $lte: now } };
    case 'not_rated':
      return { rating: null };
    case 'after_close_proposal':
      return { closeProposalSeq: { $gte: 0, $lt: seq ?? 0 } };
    case 'customer_idle':
      // no cutoff given: the epoch, so nothing is idle rather than everything
      return idleFilter(idleCutoff ?? new Date(0));
    case undefined:
      return {};
  }
}
