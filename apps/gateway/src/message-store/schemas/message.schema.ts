import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Attachment, MessageKind, ReplyTo, Sender, SystemMessage } from '@switchboard/protocol';
import type { Types } from 'mongoose';

@Schema({ collection: 'messages', versionKey: false })
export class MessageRecord {
  @Prop({ type: String, required: true })
  conversationId!: string;

  @Prop({ type: Number, required: true })
  seq!: number;

  /** The sender's idempotency key; for system messages the transition's key (sent as null: PROTOCOL section 3). */
  @Prop({ type: String, default: null })
  clientMsgId!: string | null;

  @Prop({ type: Object, required: true })
  sender!: Sender;

  @Prop({ type: String, required: true })
  kind!: MessageKind;

  @Prop({ type: String, default: null })
  text!: string | null;

  @Prop({ type: Object, default: null })
  attachment!: Attachment | null;

  /** System messages: what happened, as a code with its params (PROTOCOL section 14). */
  @Prop({ type: Object, default: undefined })
  system?: SystemMessage | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  /**
   * Search (PROTOCOL section 8): the text's keys (libs/protocol search-keys), written in the message's own insert;
   * [] for system messages. Absent only on messages stored before search, until the backfill (search/) reaches them.
   */
  @Prop({ type: [String], default: undefined })
  searchKeys?: string[];
  /** Section 8: createdAt + RECALL_WINDOW_S as it was when stored, for clients' Recall button. */
  @Prop({ type: Date, default: undefined })
  recallableUntil?: Date | null;

  /** Section 8: set once, by the sender's recall; `text` and `attachment` stay stored for supervisors. */
  @Prop({ type: Date, default: undefined })
  recalledAt?: Date | null;

  /**
   * Set in the message's own insert, until the webhooks relay has copied its message.created to webhook_deliveries
   * (docs/webhooks.md): the outbox of messages. Absent on messages relayed (and on those stored before webhooks).
   */
  @Prop({ type: Date, default: undefined })
  webhookPendingAt?: Date;

  /** Section 8: the quoted message as it was when quoted (`recalled` turns true when that one is recalled). */
  @Prop({ type: Object, default: undefined })
  replyTo?: ReplyTo | null;
}

export type StoredMessage = MessageRecord & { _id: Types.ObjectId };

export const MessageSchema = SchemaFactory.createForClass(MessageRecord);
// Gapless order and idempotent sends are both enforced by the database, not by this process.
MessageSchema.index({ conversationId: 1, seq: 1 }, { unique: true });
MessageSchema.index(
  { conversationId: 1, 'sender.id': 1, clientMsgId: 1 },
  { unique: true, partialFilterExpression: { clientMsgId: { $type: 'string' } } },
);
// Quotes of a message, found when it is recalled.
MessageSchema.index(
  { conversationId: 1, 'replyTo.seq': 1 },
  { partialFilterExpression: { 'replyTo.seq': { $type: 'number' } } },
);
MessageSchema.index(
  { 'attachment.id': 1 },
  { partialFilterExpression: { 'attachment.id': { $type: 'string' } } },
);
// The webhooks relay's outbox: only messages not relayed yet are in it.
MessageSchema.index({ webhookPendingAt: 1 }, { sparse: true });
// Search walks one key's entries newest conversation first (ids are ObjectIds: time-ordered), earliest seq first.
MessageSchema.index({ searchKeys: 1, conversationId: -1, seq: 1 });
