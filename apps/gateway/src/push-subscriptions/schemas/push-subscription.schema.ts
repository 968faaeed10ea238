import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/** One browser's Web Push subscription, kept for its signed-in user (docs/agent-console.md, "Push notifications"). */
@Schema({ collection: 'push_subscriptions', versionKey: false })
export class PushSubscriptionDocument {
  @Prop({ type: String, required: true })
  userId!: string;

  /** The push service's URL for this browser: it names the subscription. */
  @Prop({ type: String, required: true })
  endpoint!: string;

  @Prop({ type: String, required: true })
  p256dh!: string;

  @Prop({ type: String, required: true })
  auth!: string;

  @Prop({ type: Date, default: null })
  expirationTime!: Date | null;

  @Prop({ type: Date, default: () => new Date() })
  createdAt!: Date;
}

export type PushSubscriptionRecord = PushSubscriptionDocument & { _id: Types.ObjectId };

export const PushSubscriptionSchema = SchemaFactory.createForClass(PushSubscriptionDocument);
// A browser has one subscription: storing it again (another person signed in on that phone) moves it.
PushSubscriptionSchema.index({ endpoint: 1 }, { unique: true });
// A person's subscriptions, newest first (the list, the cap, and a sender looking up whom to push to).
PushSubscriptionSchema.index({ userId: 1, createdAt: -1 });
