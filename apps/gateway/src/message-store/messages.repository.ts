import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { RECALLABLE_KINDS, type SenderType } from '@switchboard/protocol';
import { mongo, Types, type Model } from 'mongoose';
import { createBatchLoader } from '../common/batch-loader';
import { MessageRecord, type StoredMessage } from './schemas/message.schema';

/** The only place that touches the messages collection. */
@Injectable()
export class MessagesRepository {
  constructor(@InjectModel(MessageRecord.name) private readonly messages: Model<MessageRecord>) {}

  // Every field is already set and typed by the appender, so the hot path skips the hydrated document (validation,
  // casting, toObject) and writes the same shape through the model's collection; messages of one round of I/O share
  // one unordered insert (see createBatchLoader), each with its own outcome.
  private readonly inserts = createBatchLoader<StoredMessage, StoredMessage>(async (messages) => {
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

  findByClientMsgId(conversationId: string, senderId: string, clientMsgId: string): Promise<StoredMessage | null> {
    return this.messages
      .findOne({ conversationId, 'sender.id': senderId, clientMsgId })
      .lean<StoredMessage>()
      .exec();
  }

  findBySeq(conversationId: string, seq: number): Promise<StoredMessage | null> {
    return this.messages.findOne({ conversationId, seq }).lean<StoredMessage>().exec();
  }

  /**
   * Section 8's compare-and-set: sets recalledAt on the sender's own text, image or file message that is not recalled
   * yet and was created at or after `createdSince`. Null when any of that no longer holds (the caller says which).
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
        { $set: { recalledAt: now } },
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
}
