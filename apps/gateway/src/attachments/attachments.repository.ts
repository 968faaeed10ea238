import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { AttachmentRecord, type StoredAttachment } from './schemas/attachment.schema';

/** Not known to be referenced: `referenced` false, or missing on records older than the sweeper. */
const UNREFERENCED = { referenced: { $in: [false, null] } };

/** Not claimed by a sweep, or claimed by one that stopped (a node that died) before `staleBefore`. */
const claimable = (staleBefore: Date) => ({ $or: [{ sweepId: null }, { sweptAt: { $lt: staleBefore } }] });

/** The only code touching `attachments` (upload records; their bytes are in BlobStore). */
@Injectable()
export class AttachmentsRepository {
  constructor(@InjectModel(AttachmentRecord.name) private readonly attachments: Model<AttachmentRecord>) {}

  async findById(id: string): Promise<StoredAttachment | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    return this.attachments.findById(new Types.ObjectId(id)).lean<StoredAttachment>().exec();
  }

  async create(record: AttachmentRecord): Promise<StoredAttachment> {
    const created = await this.attachments.create(record);
    return created.toObject() as StoredAttachment;
  }

  /** Notes that message.send takes the uploader's own file, unless a sweep has claimed it. */
  async markAttached(id: string, uploaderId: string, now: Date): Promise<StoredAttachment | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    return this.attachments
      .findOneAndUpdate({ _id: new Types.ObjectId(id), uploaderId, sweepId: null }, { $set: { attachedAt: now } }, { returnDocument: 'after' })
      .lean<StoredAttachment>()
      .exec();
  }

  listSweepCandidates(createdBefore: Date, staleBefore: Date, limit: number): Promise<StoredAttachment[]> {
    return this.attachments
      .find({ ...UNREFERENCED, createdAt: { $lt: createdBefore }, ...claimable(staleBefore) })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<StoredAttachment[]>()
      .exec();
  }

  /** One sweep takes the record for itself (a conditional update: one node wins); the record as claimed, or null. */
  claimForSweep(id: Types.ObjectId, sweepId: string, now: Date, staleBefore: Date): Promise<StoredAttachment | null> {
    return this.attachments
      .findOneAndUpdate({ _id: id, ...UNREFERENCED, ...claimable(staleBefore) }, { $set: { sweepId, sweptAt: now } }, { returnDocument: 'after' })
      .lean<StoredAttachment>()
      .exec();
  }

  async settleClaim(id: Types.ObjectId, sweepId: string, referenced: boolean): Promise<void> {
    const update = referenced ? { referenced: true, sweepId: null, sweptAt: null } : { sweepId: null, sweptAt: null };
    await this.attachments.updateOne({ _id: id, sweepId }, { $set: update }).exec();
  }

  async deleteClaimed(id: Types.ObjectId, sweepId: string): Promise<boolean> {
    return (await this.attachments.deleteOne({ _id: id, sweepId }).exec()).deletedCount === 1;
  }

  async delete(id: Types.ObjectId): Promise<boolean> {
    return (await this.attachments.deleteOne({ _id: id }).exec()).deletedCount === 1;
  }

  /** Whether any record still points at the blob (for blobs from before reference counts). */
  async blobInUse(blobId: Types.ObjectId): Promise<boolean> {
    return (await this.attachments.exists({ blobId }).exec()) !== null;
  }
}
