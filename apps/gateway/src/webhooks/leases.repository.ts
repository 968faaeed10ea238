import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/domain-error';
import { LeaseRecord } from './schemas/lease.schema';

/** The only place that touches the leases collection. */
@Injectable()
export class LeasesRepository {
  constructor(@InjectModel(LeaseRecord.name) private readonly leases: Model<LeaseRecord>) {}

  /**
   * Takes or renews lease `name` for `holder` until `expiresAt`: only when it is free, expired or already
   * `holder`'s. One conditional upsert: two nodes racing for a free lease collide on the _id and one loses.
   */
  async acquire(name: string, holder: string, now: Date, expiresAt: Date): Promise<boolean> {
    try {
      const lease = await this.leases
        .findOneAndUpdate(
          { _id: name, $or: [{ holder }, { expiresAt: { $lte: now } }] },
          { $set: { holder, expiresAt } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<LeaseRecord>()
        .exec();
      return lease?.holder === holder;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Gives the lease up (a clean shutdown), so another node takes over at once. */
  async release(name: string, holder: string): Promise<void> {
    await this.leases.deleteOne({ _id: name, holder }).exec();
  }
}
