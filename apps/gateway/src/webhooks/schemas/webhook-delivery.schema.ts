import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { WebhookDeliveryStatus, WebhookEvent } from '@switchboard/protocol';

/**
 * One event for one webhook. `_id` is `<event id>:<webhook id>`, so the relay copying an event twice (a crash
 * before it cleared the outbox) makes one delivery. `body` is the exact bytes sent and signed, on every attempt.
 */
@Schema({ collection: 'webhook_deliveries', versionKey: false })
export class WebhookDeliveryRecord {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  webhookId!: string;

  /** The body's `id` and X-Switchboard-Delivery: the same for every webhook the event goes to. */
  @Prop({ type: String, required: true })
  eventId!: string;

  @Prop({ type: String, required: true })
  event!: WebhookEvent;

  /** Deliveries of one conversation go out in order, one at a time per webhook. */
  @Prop({ type: String, required: true })
  conversationId!: string;

  /** When the event happened: the order of deliveries, and the start of the 24 hours of retries. */
  @Prop({ type: Date, required: true })
  eventAt!: Date;

  @Prop({ type: String, required: true })
  body!: string;

  @Prop({ type: String, required: true })
  status!: WebhookDeliveryStatus;

  @Prop({ type: Number, default: 0 })
  attempts!: number;

  /** When it may be tried (again); while an attempt is in flight, when that attempt counts as lost. */
  @Prop({ type: Date, required: true })
  nextAttemptAt!: Date;

  @Prop({ type: Date, default: null })
  lastAttemptAt!: Date | null;

  @Prop({ type: Number, default: null })
  lastStatusCode!: number | null;

  @Prop({ type: String, default: null })
  lastError!: string | null;

  @Prop({ type: Number, default: null })
  responseTimeMs!: number | null;

  @Prop({ type: Date, default: null })
  deliveredAt!: Date | null;
}

export const WebhookDeliverySchema = SchemaFactory.createForClass(WebhookDeliveryRecord);
// What is due, oldest first.
WebhookDeliverySchema.index({ status: 1, nextAttemptAt: 1 });
// Whether an earlier delivery of the same conversation still waits (the order per conversation).
WebhookDeliverySchema.index({ webhookId: 1, conversationId: 1, status: 1, eventAt: 1 });
// A webhook's log, newest first.
WebhookDeliverySchema.index({ webhookId: 1, eventAt: -1 });
