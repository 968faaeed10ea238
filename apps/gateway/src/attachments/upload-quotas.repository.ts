import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/domain-error';
import { UploadQuotaRecord } from './schemas/upload-quota.schema';

/** The only code touching `upload_quotas`: one document per uploader, changed by conditional `$inc` alone. */
@Injectable()
export class UploadQuotasRepository {
  constructor(@InjectModel(UploadQuotaRecord.name) private readonly quotas: Model<UploadQuotaRecord>) {}

  async ensure(uploaderId: string): Promise<void> {
    try {
      await this.quotas.updateOne({ _id: uploaderId }, { $setOnInsert: { usedBytes: 0 } }, { upsert: true }).exec();
    } catch (error) {
      // Two first uploads at once: the other one made it.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Adds `bytes` only while the total stays within `quota` (one conditional update, so parallel uploads cannot pass it). */
  async reserve(uploaderId: string, bytes: number, quota: number): Promise<boolean> {
    if (bytes > quota) return false;
    const result = await this.quotas
      .updateOne({ _id: uploaderId, usedBytes: { $lte: quota - bytes } }, { $inc: { usedBytes: bytes } })
      .exec();
    return result.modifiedCount === 1;
  }

  async release(uploaderId: string, bytes: number): Promise<void> {
    if (bytes <= 0) return;
    await this.quotas.updateOne({ _id: uploaderId }, { $inc: { usedBytes: -bytes } }).exec();
  }

  async usedBytes(uploaderId: string): Promise<number> {
    const quota = await this.quotas.findById(uploaderId, { usedBytes: 1 }).lean<UploadQuotaRecord>().exec();
    return quota?.usedBytes ?? 0;
  }
}
