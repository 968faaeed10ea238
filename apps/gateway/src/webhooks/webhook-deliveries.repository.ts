import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { WebhookDeliveryRecord } from './schemas/webhook-delivery.schema';

export type NewDelivery = Pick<
  WebhookDeliveryRecord,
  '_id' | 'webhookId' | 'eventId' | 'event' | 'conversationId' | 'eventAt' | 'body' | 'nextAttemptAt'
>;

/** How an attempt ended, as the log shows it. */
export interface AttemptOutcome {
  at: Date;
  statusCode: number | null;
  error: string | null;
  responseTimeMs: number;
}

/** The only place that touches the webhook_deliveries collection. */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(
    @InjectModel(WebhookDeliveryRecord.name) private readonly deliveries: Model<WebhookDeliveryRecord>,
  ) {}

  /** Inserts each delivery unless its _id exists (a repeated relay of one event makes nothing new). */
  async insertOnce(deliveries: NewDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    await this.deliveries.bulkWrite(
      deliveries.map(({ _id, ...d }) => ({
        updateOne: {
          // the upsert takes _id from the filter
          filter: { _id },
          update: {
            $setOnInsert: {
              ...d,
              status: 'pending',
              attempts: 0,
              lastAttemptAt: null,
              lastStatusCode: null,
              lastError: null,
              responseTimeMs: null,
              deliveredAt: null,
            },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  /** Pending deliveries whose attempt is due, earliest first (served by { status, nextAttemptAt }). */
  due(now: Date, limit: number): Promise<WebhookDeliveryRecord[]> {
    return this.deliveries
      .find({ status: 'pending', nextAttemptAt: { $lte: now } })
      .sort({ nextAttemptAt: 1 })
      .limit(limit)
      .lean<WebhookDeliveryRecord[]>()
      .exec();
  }

  /**
   * The first delivery of the same conversation to the same webhook from before this one that still waits, if any
   * (served by { webhookId, conversationId, status, eventAt }).
   */
  earlierPending(
    d: WebhookDeliveryRecord,
  ): Promise<Pick<WebhookDeliveryRecord, '_id' | 'nextAttemptAt'> | null> {
    return this.deliveries
      .findOne(
        {
          webhookId: d.webhookId,
          conversationId: d.conversationId,
          status: 'pending',
          $or: [{ eventAt: { $lt: d.eventAt } }, { eventAt: d.eventAt, eventId: { $lt: d.eventId } }],
        },
        { nextAttemptAt: 1 },
      )
      .sort({ eventAt: 1 })
      .lean<Pick<WebhookDeliveryRecord, '_id' | 'nextAttemptAt'>>()
      .exec();
  }

  /** Not before `until`: a delivery waiting behind an earlier one leaves the due ones to others meanwhile. */
  async defer(d: WebhookDeliveryRecord, until: Date): Promise<void> {
    await this.deliveries
      .updateOne(
        { _id: d._id, status: 'pending', attempts: d.attempts, nextAttemptAt: d.nextAttemptAt },
        { $set: { nextAttemptAt: until } },
      )
      .exec();
  }

  /**
   * Claims an attempt: only while the delivery is as read (no other node or loop took it), pushing nextAttemptAt to
   * when the attempt counts as lost (the node died), so nobody sends it meanwhile.
   */
  async claim(d: WebhookDeliveryRecord, lostAt: Date): Promise<boolean> {
    const result = await this.deliveries
      .updateOne(
        { _id: d._id, status: 'pending', attempts: d.attempts, nextAttemptAt: d.nextAttemptAt },
        { $set: { nextAttemptAt: lostAt } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  async recordDelivered(id: string, outcome: AttemptOutcome): Promise<void> {
    await this.deliveries
      .updateOne(
        { _id: id, status: 'pending' },
        { $set: { status: 'delivered', deliveredAt: outcome.at, ...logOf(outcome) }, $inc: { attempts: 1 } },
      )
      .exec();
  }

  /** A failed attempt: tried again at `retryAt`, or (null) failed for good. */
  async recordFailed(id: string, outcome: AttemptOutcome, retryAt: Date | null): Promise<void> {
    const next = retryAt ? { nextAttemptAt: retryAt } : { status: 'failed' };
    await this.deliveries
      .updateOne(
        { _id: id, status: 'pending' },
        { $set: { ...next, ...logOf(outcome) }, $inc: { attempts: 1 } },
      )
      .exec();
  }

  /** A webhook's latest deliveries, newest first (served by { webhookId, eventAt }). */
  latest(webhookId: string, limit: number): Promise<WebhookDeliveryRecord[]> {
    return this.deliveries
      .find({ webhookId })
      .sort({ eventAt: -1 })
      .limit(limit)
      .lean<WebhookDeliveryRecord[]>()
      .exec();
  }

  async deleteForWebhook(webhookId: string): Promise<void> {
    await this.deliveries.deleteMany({ webhookId }).exec();
  }
}

function logOf(outcome: AttemptOutcome) {
  return {
    lastAttemptAt: outcome.at,
    lastStatusCode: outcome.statusCode,
    lastError: outcome.error,
    responseTimeMs: outcome.responseTimeMs,
  };
}
