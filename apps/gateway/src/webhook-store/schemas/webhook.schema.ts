import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { WebhookEvent } from '@switchboard/protocol';
import type { Types } from 'mongoose';

/** A registered webhook (issue 16). The secret signs deliveries; it is never sent back to a client. */
@Schema({ collection: 'webhooks', versionKey: false })
export class WebhookEntry {
  @Prop({ type: String, required: true })
  url!: string;

  @Prop({ type: [String], required: true })
  events!: WebhookEvent[];

  @Prop({ type: String, required: true })
  secret!: string;

  @Prop({ type: String, required: true })
  createdBy!: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}

export type WebhookRecord = WebhookEntry & { _id: Types.ObjectId };

export const WebhookSchema = SchemaFactory.createForClass(WebhookEntry);
WebhookSchema.index({ createdAt: 1 });
