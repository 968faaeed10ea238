import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { WEBHOOK_LIMITS, type WebhookEvent } from '@switchboard/protocol';
import { Types, type Model } from 'mongoose';
import { WebhookEntry, type WebhookRecord } from './schemas/webhook.schema';

/** The only place that touches the webhooks collection. */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectModel(WebhookEntry.name) private readonly webhooks: Model<WebhookEntry>) {}

  /** Every webhook, oldest first (served by { createdAt: 1 }); the set is small (WEBHOOK_LIMITS.setMax). */
  list(): Promise<WebhookRecord[]> {
    return this.webhooks
      .find({})
      .sort({ createdAt: 1 })
      .limit(WEBHOOK_LIMITS.setMax)
      .lean<WebhookRecord[]>()
      .exec();
  }

  /** Whether some webhook subscribes to `event` (the set is small: a scan of it). */
  async listensFor(event: WebhookEvent): Promise<boolean> {
    return (await this.webhooks.exists({ events: event }).exec()) !== null;
  }

  count(): Promise<number> {
    return this.webhooks.countDocuments({}).exec();
  }

  async create(webhook: WebhookEntry): Promise<WebhookRecord> {
    const created = await this.webhooks.create(webhook);
    return created.toObject() as WebhookRecord;
  }

  findById(id: string): Promise<WebhookRecord | null> {
    return this.webhooks.findById(new Types.ObjectId(id)).lean<WebhookRecord>().exec();
  }

  delete(id: string): Promise<WebhookRecord | null> {
    return this.webhooks
      .findOneAndDelete({ _id: new Types.ObjectId(id) })
      .lean<WebhookRecord>()
      .exec();
  }
}
