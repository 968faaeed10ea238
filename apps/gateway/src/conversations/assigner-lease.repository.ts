import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/domain-error';
import { AssignerLease } from './schemas/assigner-lease.schema';

const LEASE_ID = 'auto-assign';

/** The only place that touches the assigner_leases collection (see AssignerLease). */
@Injectable()
export class AssignerLeaseRepository {
  constructor(@InjectModel(AssignerLease.name) private readonly leases: Model<AssignerLease>) {}

  /** Takes the lease when it is free or expired (one conditional update); false when another gateway holds it. */
  async acquire(owner: string, ttlMs: number): Promise<boolean> {
    const now = new Date();
    try {
      await this.leases
        .updateOne(
          { _id: LEASE_ID },
          { $setOnInsert: { owner: null, expiresAt: null, dirty: false } },
          { upsert: true },
        )
        .exec();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // two gateways made it at once: it exists
    }
    const taken = await this.leases
      .updateOne(
        { _id: LEASE_ID, $or: [{ owner: null }, { expiresAt: { $lt: now } }, { owner }] },
        { $set: { owner, expiresAt: new Date(now.getTime() + ttlMs), dirty: false } },
      )
      .exec();
    return taken.modifiedCount === 1 || taken.matchedCount === 1;
  }

  /** The holder is still at work: pushes the expiry back (and nothing else: a dirty flag stays). */
  async extend(owner: string, ttlMs: number): Promise<void> {
    await this.leases
      .updateOne({ _id: LEASE_ID, owner }, { $set: { expiresAt: new Date(Date.now() + ttlMs) } })
      .exec();
  }

  /** Another gateway has work for the holder: it drains again before letting go. */
  async markDirty(): Promise<void> {
    await this.leases.updateOne({ _id: LEASE_ID }, { $set: { dirty: true } }).exec();
  }

  /**
   * Lets go unless work came meanwhile: then the flag is cleared, the lease extended and false answered (drain
   * again). True also when the lease is no longer ours (it expired and another gateway took it).
   */
  async release(owner: string, ttlMs: number): Promise<boolean> {
    const released = await this.leases
      .updateOne({ _id: LEASE_ID, owner, dirty: false }, { $set: { owner: null, expiresAt: null } })
      .exec();
    if (released.matchedCount === 1) return true;
    const kept = await this.leases
      .updateOne(
        { _id: LEASE_ID, owner },
        { $set: { dirty: false, expiresAt: new Date(Date.now() + ttlMs) } },
      )
      .exec();
    return kept.matchedCount === 0;
  }

  /** After a failure: let go whatever the flag says (the sweeper's next tick tries again). */
  async abandon(owner: string): Promise<void> {
    await this.leases.updateOne({ _id: LEASE_ID, owner }, { $set: { owner: null, expiresAt: null } }).exec();
  }
}
