import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Types, type Model } from 'mongoose';
import { PushSubscriptionDocument, type PushSubscriptionRecord } from './schemas/push-subscription.schema';

export interface NewPushSubscription {
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  expirationTime: Date | null;
}

const asId = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null);

/** The only place that touches the push_subscriptions collection. */
@Injectable()
export class PushSubscriptionsRepository implements OnModuleInit {
  constructor(
    @InjectModel(PushSubscriptionDocument.name)
    private readonly subscriptions: Model<PushSubscriptionDocument>,
  ) {}

  /** The unique endpoint index must exist before the first write, or one browser could be stored twice. */
  async onModuleInit(): Promise<void> {
    await this.subscriptions.init();
  }

  /** Stores the browser's subscription for `userId` in one upsert by endpoint (a new one, or moved to them). */
  save(subscription: NewPushSubscription): Promise<PushSubscriptionRecord> {
    const { endpoint, ...fields } = subscription;
    return this.subscriptions
      .findOneAndUpdate(
        { endpoint },
        { $set: { ...fields, createdAt: new Date() } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<PushSubscriptionRecord>()
      .orFail()
      .exec();
  }

  listFor(userId: string): Promise<PushSubscriptionRecord[]> {
    return this.subscriptions
      .find({ userId })
      .sort({ createdAt: -1 })
      .lean<PushSubscriptionRecord[]>()
      .exec();
  }

  /** True when this call deleted it (only the owner's own). */
  async delete(id: string, userId: string): Promise<boolean> {
    const result = await this.subscriptions.deleteOne({ _id: asId(id), userId }).exec();
    return result.deletedCount === 1;
  }

  async deleteMany(ids: Types.ObjectId[], userId: string): Promise<void> {
    if (ids.length > 0) await this.subscriptions.deleteMany({ _id: { $in: ids }, userId }).exec();
  }
}
