import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { CannedReplyScope } from '@switchboard/protocol';
import { Types, type Model } from 'mongoose';
import { CannedReplyDocument, TEAM_OWNER_KEY, type CannedReplyRecord } from './schemas/canned-reply.schema';

export interface NewCannedReply {
  scope: CannedReplyScope;
  ownerId: string;
  shortcut: string;
  text: string;
}

/** Which set a reply is in: the filter that keeps an update or a delete inside it. */
export interface CannedReplySet {
  scope: CannedReplyScope;
  ownerKey: string;
}

export const ownerKeyOf = (scope: CannedReplyScope, ownerId: string) =>
  scope === 'team' ? TEAM_OWNER_KEY : ownerId;

const asId = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null);

/** The only place that touches the canned_replies collection. */
@Injectable()
export class CannedRepliesRepository implements OnModuleInit {
  constructor(@InjectModel(CannedReplyDocument.name) private readonly replies: Model<CannedReplyDocument>) {}

  /** The unique index must exist before the first write: without it two equal shortcuts could both be stored. */
  async onModuleInit(): Promise<void> {
    await this.replies.init();
  }

  /** One set in shortcut order (served by the unique index's prefix). */
  listSet(set: CannedReplySet): Promise<CannedReplyRecord[]> {
    return this.replies.find(set).sort({ shortcut: 1 }).lean<CannedReplyRecord[]>().exec();
  }

  findById(id: string): Promise<CannedReplyRecord | null> {
    return this.replies
      .findOne({ _id: asId(id) })
      .lean<CannedReplyRecord>()
      .exec();
  }

  /** Throws MongoDB's duplicate-key error when the shortcut is taken in that set. */
  async insert(reply: NewCannedReply): Promise<CannedReplyRecord> {
    const now = new Date();
    const created = await this.replies.create({
      ...reply,
      ownerKey: ownerKeyOf(reply.scope, reply.ownerId),
      createdAt: now,
      updatedAt: now,
    });
    return created.toObject() as CannedReplyRecord;
  }

  /**
   * Changes the reply only while it is still in `set`, in one update; null when it is gone. Throws the
   * duplicate-key error when the new shortcut is taken.
   */
  update(
    id: string,
    set: CannedReplySet,
    changes: { shortcut?: string; text?: string },
  ): Promise<CannedReplyRecord | null> {
    return this.replies
      .findOneAndUpdate(
        { _id: asId(id), ...set },
        { $set: { ...changes, updatedAt: new Date() } },
        { returnDocument: 'after' },
      )
      .lean<CannedReplyRecord>()
      .exec();
  }

  /** True when this call deleted it. */
  async delete(id: string, set: CannedReplySet): Promise<boolean> {
    const result = await this.replies.deleteOne({ _id: asId(id), ...set }).exec();
    return result.deletedCount === 1;
  }
}
