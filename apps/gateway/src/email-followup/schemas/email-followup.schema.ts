import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One document per conversation whose customer may get a follow-up email (issue 15): the agent replies waiting for
 * the delay, when they are due (a deadline swept by every gateway, claimed by one), and what was already mailed.
 */
@Schema({ collection: 'email_followups', versionKey: false })
export class EmailFollowupRecord {
  /** The conversation's id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  customerId!: string;

  /** Seqs of the replies waiting to be mailed together. */
  @Prop({ type: [Number], default: [] })
  pendingSeqs!: number[];

  /** When the pending replies are mailed (the first one's time plus the delay, or a retry's); null: nothing due. */
  @Prop({ type: Date, default: null })
  dueAt!: Date | null;

  /** The gateway that claimed the due email holds it until then (a crashed one's claim lapses). */
  @Prop({ type: Date, default: null })
  claimedUntil!: Date | null;

  /** Names the claim, so only its holder records the outcome. */
  @Prop({ type: String, default: null })
  claimToken!: string | null;

  /** Failed sends of the pending email so far. */
  @Prop({ type: Number, default: 0 })
  attempts!: number;

  @Prop({ type: String, default: null })
  lastError!: string | null;

  /** Ids of the messages already mailed: a reply is never mailed twice. */
  @Prop({ type: [String], default: [] })
  sentMessageIds!: string[];

  /** Ids of the messages given up on after the last attempt. */
  @Prop({ type: [String], default: [] })
  failedMessageIds!: string[];

  @Prop({ type: Date, default: null })
  lastSentAt!: Date | null;
}

export const EmailFollowupSchema = SchemaFactory.createForClass(EmailFollowupRecord);
// The sweep: due emails, oldest first.
EmailFollowupSchema.index({ dueAt: 1 });
