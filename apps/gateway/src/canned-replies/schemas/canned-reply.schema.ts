import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { CANNED_REPLY_SCOPES, type CannedReplyScope } from '@switchboard/protocol';
import type { Types } from 'mongoose';

/** The `ownerKey` every team reply shares, so that one unique index covers both sets. */
export const TEAM_OWNER_KEY = 'team';

@Schema({ collection: 'canned_replies', versionKey: false })
export class CannedReplyDocument {
  @Prop({ type: String, required: true, enum: [...CANNED_REPLY_SCOPES] })
  scope!: CannedReplyScope;

  /** Whose set the reply is in: the owner's user id for a personal reply, TEAM_OWNER_KEY for a team one. */
  @Prop({ type: String, required: true })
  ownerKey!: string;

  /** Who made it (the API's `ownerId`). */
  @Prop({ type: String, required: true })
  ownerId!: string;

  @Prop({ type: String, required: true })
  shortcut!: string;

  @Prop({ type: String, required: true })
  text!: string;

  @Prop({ type: Date, default: () => new Date() })
  createdAt!: Date;

  @Prop({ type: Date, default: () => new Date() })
  updatedAt!: Date;
}

export type CannedReplyRecord = CannedReplyDocument & { _id: Types.ObjectId };

export const CannedReplySchema = SchemaFactory.createForClass(CannedReplyDocument);
// A shortcut is unique within one set. The index, not a read before the write, is what enforces it (two tabs
// saving the same shortcut at once), and it serves the list of a set in shortcut order.
CannedReplySchema.index({ scope: 1, ownerKey: 1, shortcut: 1 }, { unique: true });
