import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { RECALLABLE_KINDS, type SenderType } from '@switchboard/protocol';
import { mongo, Types, type Model } from 'mongoose';
import { createBatchLoader } from '../common/batch-loader';
import { WebhooksRepository } from '../webhook-store/webhooks.repository';
import { MessageRecord, type StoredMessage } from './schemas/message.schema';

/** The only place that touches the messages collection. */
@Injectable()
export class MessagesRepository {
  constructor(
    @InjectModel(MessageRecord.name) private readonly messages: Model<MessageRecord>,
    private readonly webhooks: WebhooksRepository,
  ) {}

  // Every field is already set and typed by the appender, so the hot path skips the hydrated document (validation,
  // casting, toObject) and writes the same shape through the model's collection; messages of one round of I/O share
  // one unordered insert (see createBatchLoader), each with its own outcome.
  private readonly inserts = createBatchLoader<StoredMessage, StoredMessage>(async (messages) => {
    // A message is marked for the webhooks outbox only while some webhook listens for message.created, asked once
    // per batch: unmarked, it costs the relay nothing (no outbox entry to copy and clear). A send that was already
    // in flight when the first such webhook was created may go unannounced; one sent after is always announced.
    if (!(await this.webhooks.listensFor('message.created')))
      for (const message of messages) delete message.webhookPendingAt;
    if (messages.length === 1) {
      await this.messages.collection.insertOne(messages[0]);
      return messages;
    }
    try {
      await this.messages.collection.insertMany([...messages], { ordered: false });
      return messages;
    } catch (error) {
      if (!(error instanceof mongo.MongoBulkWriteError)) throw error;
      const failures = new Map([error.writeErrors].flat().map((e) => [e.index, e]));
      return messages.map((message, i) => {
        const failure = failures.get(i);
        return failure ? Object.assign(new Error(failure.errmsg ?? 'write error'), { code: failure.code }) : message;
      });
    }
  });

  /** Throws the duplicate-key error (code 11000) when the seq or the (sender, clientMsgId) is taken. */
  insert(record: MessageRecord): Promise<StoredMessage> {
    return this.inserts.load({ _id: new Types.ObjectId(), ...record });
  }

  /** Messages whose message.created the webhooks relay has not copied yet (served by { webhookPendingAt: 1 }). */
  listWebhookPending(limit: number): Promise<StoredMessage[]> {
    return this.messages
      .find({ webhookPendingAt: { $lte: new Date(8.64e15) } })
      .sort({ webhookPendingAt: 1 })
      .limit(limit)
      .lean<StoredMessage[]>()
      .exec();
  }

  /** The relay has copied these messages' events (idempotent). */
  async clearWebhookPending(ids: Types.ObjectId[]): Promise<void> {
    if (ids.length === 0) return;
    await this.messages.updateMany({ _id: { $in: ids } }, { $unset: { webhookPendingAt: 1 } }).exec();
  }

  findByClientMsgId(conversationId: string, senderId: string, clientMsgId: string): Promise<StoredMessage | null> {
    return this.messages
      .findOne({ conversationId, 'sender.id': senderId, clientMsgId })
      .lean<StoredMessage>()
      .exec();
  }

  findBySeq(conversationId: string, seq: number): Promise<StoredMessage | null> {
    return this.messages.findOne({ conversationId, seq }).lean<StoredMessage>().exec();
  }

  /** Those of `seqs` that exist, ascending (the email follow-up's pending replies). */
  findBySeqs(conversationId: string, seqs: number[]): Promise<StoredMessage[]> {
    return this.messages
      .find({ conversationId, seq: { $in: seqs } })
      .sort({ seq: 1 })
      .lean<StoredMessage[]>()
      .exec();
  }

  /**
   * Section 8's compare-and-set: sets recalledAt on the sender's own text, image or file message that is not recalled
   * yet and was created at or after `createdSince`, and drops its search keys. Null when any of that no longer holds
   * (the caller says which).
   */
  recall(conversationId: string, seq: number, senderId: string, createdSince: Date, now: Date): Promise<StoredMessage | null> {
    return this.messages
      .findOneAndUpdate(
        {
          conversationId,
          seq,
          'sender.id': senderId,
          kind: { $in: RECALLABLE_KINDS },
          recalledAt: null,
          createdAt: { $gte: createdSince },
        },
        // Its search keys go with it: the recalled text is never found again (the search also skips recalledAt).
        { $set: { recalledAt: now, searchKeys: [] } },
        { returnDocument: 'after' },
      )
      .lean<StoredMessage>()
      .exec();
  }

  /** The quotes of a recalled message say so (served by { conversationId, replyTo.seq }). */
  async markQuotesRecalled(conversationId: string, seq: number): Promise<void> {
    await this.messages
      .updateMany({ conversationId, 'replyTo.seq': seq }, { $set: { 'replyTo.recalled': true, 'replyTo.preview': '' } })
      .exec();
  }

  async maxSeq(conversationId: string): Promise<number> {
    const last = await this.messages
      .findOne({ conversationId }, { seq: 1 })
      .sort({ seq: -1 })
      .lean<Pick<StoredMessage, 'seq'>>()
      .exec();
    return last?.seq ?? 0;
  }

  /** Messages with afterSeq < seq (<= uptoSeq when given), ascending. */
  range(conversationId: string, afterSeq: number, limit: number, uptoSeq?: number): Promise<StoredMessage[]> {
    const seq: Record<string, number> = { $gt: afterSeq };
    if (uptoSeq !== undefined) seq.$lte = uptoSeq;
    return this.messages
      .find({ conversationId, seq })
      .sort({ seq: 1 })
      .limit(limit)
      .lean<StoredMessage[]>()
      .exec();
  }

  /** The `limit` messages just before `beforeSeq` (or the latest), ascending. */
  async before(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<StoredMessage[]> {
    const filter: Record<string, unknown> = { conversationId };
    if (beforeSeq !== undefined) filter.seq = { $lt: beforeSeq };
    const page = await this.messages.find(filter).sort({ seq: -1 }).limit(limit).lean<StoredMessage[]>().exec();
    return page.reverse();
  }

  /** How many messages of `senderType` lie in (afterSeq, uptoSeq]. */
  countFrom(conversationId: string, senderType: SenderType, afterSeq: number, uptoSeq: number): Promise<number> {
    return this.messages
      .countDocuments({ conversationId, seq: { $gt: afterSeq, $lte: uptoSeq }, 'sender.type': senderType })
      .exec();
  }

  /** With `recalled: false`, only messages not recalled count (section 8: a recalled file is for supervisors). */
  async conversationsHoldingAttachment(attachmentId: string, { recalled = true } = {}): Promise<string[]> {
    const filter: Record<string, unknown> = { 'attachment.id': attachmentId };
    if (!recalled) filter.recalledAt = null;
    const holders = await this.messages
      .find(filter, { conversationId: 1 })
      .limit(50)
      .lean<Pick<StoredMessage, 'conversationId'>[]>()
      .exec();
    return [...new Set(holders.map((m) => m.conversationId))];
  }

  /**
   * Search (PROTOCOL section 8): messages holding `primaryKey` and every other key, not recalled, newest conversation
   * first and earliest seq first, walked lazily from the { searchKeys, conversationId, seq } index; the caller stops
   * when it has enough. `conversationIds` narrows it to those (an agent's readable conversations, at most 2,000).
   */
  async *searchMatches(
    primaryKey: string,
    keys: string[],
    conversationIds?: string[],
  ): AsyncGenerator<SearchCandidate> {
    const cursor = this.messages.collection
      .find<SearchCandidate>(searchFilter(primaryKey, keys, conversationIds), {
        projection: { _id: 0, conversationId: 1, seq: 1, text: 1 },
      })
      .sort({ conversationId: -1, seq: 1 })
      .batchSize(100);
    try {
      for await (const candidate of cursor) yield candidate;
    } finally {
      await cursor.close();
    }
  }

  /** How many messages hold each key, counted up to `cap`: at most `cap` index entries read per key. */
  async keyCounts(keys: string[], cap: number): Promise<number[]> {
    const db = this.messages.db.db;
    if (!db) throw new Error('the database is not connected');
    // The count command with a limit: the store counts index entries up to it, reading no message.
    const countOf = async (key: string) =>
      ((await db.command({ count: this.messages.collection.collectionName, query: { searchKeys: key }, limit: cap })) as { n: number }).n;
    return Promise.all(keys.map(countOf));
  }

  /** Backfill: up to `limit` messages after `afterId` (in _id order) that have no search keys yet. */
  withoutSearchKeys(afterId: Types.ObjectId | null, limit: number): Promise<Pick<StoredMessage, '_id' | 'sender' | 'text'>[]> {
    return this.messages.collection
      .find<Pick<StoredMessage, '_id' | 'sender' | 'text'>>(
        { ...(afterId ? { _id: { $gt: afterId } } : {}), searchKeys: { $exists: false } },
        { projection: { _id: 1, sender: 1, text: 1 } },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  /** Backfill: sets each message's keys unless it has some already (idempotent, never overwrites a newer write). */
  async setSearchKeys(updates: { id: Types.ObjectId; searchKeys: string[] }[]): Promise<void> {
    if (updates.length === 0) return;
    await this.messages.collection.bulkWrite(
      updates.map((u) => ({
        updateOne: { filter: { _id: u.id, searchKeys: { $exists: false } }, update: { $set: { searchKeys: u.searchKeys } } },
      })),
      { ordered: false },
    );
  }
}

export type SearchCandidate = Pick<StoredMessage, 'conversationId' | 'seq' | 'text'>;

/**
 * The filter search runs: equality on the primary key pins the index's leading field, the other keys are checked
 * on each entry met ($all), and a recalled message (recalledAt set) is never found; a missing recalledAt is null.
 */
export function searchFilter(primaryKey: string, keys: string[], conversationIds?: string[]): Record<string, unknown> {
  const others = keys.filter((k) => k !== primaryKey);
  return {
    searchKeys: primaryKey,
    ...(conversationIds ? { conversationId: { $in: conversationIds } } : {}),
    recalledAt: null,
    ...(others.length > 0 ? { $and: [{ searchKeys: { $all: others } }] } : {}),
  };
}
