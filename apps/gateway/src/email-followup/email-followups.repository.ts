import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/domain-error';
import { EmailFollowupRecord } from './schemas/email-followup.schema';

/** At most this many due emails are claimed per sweep (the next sweep takes the rest). */
const DUE_BATCH = 50;

/** What the claim's holder reports once it has dealt with the claimed replies. */
export interface FollowupOutcome {
  /** The claimed seqs: they leave the pending list, whatever happened to them. */
  handledSeqs: number[];
  sentMessageIds?: string[];
  failedMessageIds?: string[];
  now: Date;
}

const unclaimed = (now: Date) => ({ $or: [{ claimedUntil: null }, { claimedUntil: { $lte: now } }] });

/** The only place that touches the email_followups collection; every change is one conditional update. */
@Injectable()
export class EmailFollowupsRepository {
  constructor(
    @InjectModel(EmailFollowupRecord.name) private readonly followups: Model<EmailFollowupRecord>,
  ) {}

  /**
   * Adds a reply to the conversation's pending email, due at `dueAt` unless one is already due earlier (the replies
   * of one delay share one email). A message already mailed is not added again.
   */
  async addPending(
    conversationId: string,
    customerId: string,
    seq: number,
    messageId: string,
    dueAt: Date,
  ): Promise<void> {
    try {
      await this.followups
        .updateOne(
          { _id: conversationId, sentMessageIds: { $ne: messageId } },
          {
            $addToSet: { pendingSeqs: seq },
            $setOnInsert: { customerId, dueAt, attempts: 0, sentMessageIds: [] },
          },
          { upsert: true },
        )
        .exec();
    } catch (error) {
      if (isDuplicateKeyError(error)) return; // the document exists and has mailed this message already
      throw error;
    }
    await this.scheduleIfIdle(conversationId, dueAt);
  }

  /** Gives pending replies with nothing due (the first after an email, or one added while a send ran) their deadline. */
  async scheduleIfIdle(conversationId: string, dueAt: Date): Promise<void> {
    await this.followups
      .updateOne(
        { _id: conversationId, dueAt: null, 'pendingSeqs.0': { $exists: true } },
        { $set: { dueAt, attempts: 0 } },
      )
      .exec();
  }

  listDue(now: Date): Promise<EmailFollowupRecord[]> {
    return this.followups
      .find({ dueAt: { $lte: now }, ...unclaimed(now) })
      .sort({ dueAt: 1 })
      .limit(DUE_BATCH)
      .lean<EmailFollowupRecord[]>()
      .exec();
  }

  /** The compare-and-set that lets one gateway send a due email; null when another has it. */
  claim(conversationId: string, now: Date, until: Date, token: string): Promise<EmailFollowupRecord | null> {
    return this.followups
      .findOneAndUpdate(
        { _id: conversationId, dueAt: { $lte: now }, ...unclaimed(now) },
        { $set: { claimedUntil: until, claimToken: token } },
        { returnDocument: 'after' },
      )
      .lean<EmailFollowupRecord>()
      .exec();
  }

  /** Records what the claim's holder mailed (or dropped, or gave up on) and frees the document. */
  async complete(conversationId: string, token: string, outcome: FollowupOutcome): Promise<boolean> {
    const result = await this.followups
      .updateOne(
        { _id: conversationId, claimToken: token },
        {
          $pullAll: { pendingSeqs: outcome.handledSeqs },
          $addToSet: {
            sentMessageIds: { $each: outcome.sentMessageIds ?? [] },
            failedMessageIds: { $each: outcome.failedMessageIds ?? [] },
          },
          $set: {
            dueAt: null,
            claimedUntil: null,
            claimToken: null,
            attempts: 0,
            lastError: null,
            ...(outcome.sentMessageIds?.length ? { lastSentAt: outcome.now } : {}),
          },
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /** A failed send: due again at `retryAt`, with the attempt counted. */
  async retryLater(
    conversationId: string,
    token: string,
    retryAt: Date,
    attempts: number,
    error: string,
  ): Promise<boolean> {
    const result = await this.followups
      .updateOne(
        { _id: conversationId, claimToken: token },
        { $set: { dueAt: retryAt, claimedUntil: null, claimToken: null, attempts, lastError: error } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  findById(conversationId: string): Promise<EmailFollowupRecord | null> {
    return this.followups.findById(conversationId).lean<EmailFollowupRecord>().exec();
  }
}
