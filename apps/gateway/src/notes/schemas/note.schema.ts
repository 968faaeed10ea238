import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { NoteAuthor } from '@switchboard/protocol';
import type { Types } from 'mongoose';

/** A private note: its own collection, so no query over messages (history, sync, search, export) can ever reach it. */
@Schema({ collection: 'notes', versionKey: false })
export class NoteRecord {
  @Prop({ type: String, required: true })
  conversationId!: string;

  @Prop({ type: Object, required: true })
  author!: NoteAuthor;

  /** The author's idempotency key: a retry answers the note already stored. */
  @Prop({ type: String, required: true })
  clientMsgId!: string;

  @Prop({ type: String, required: true })
  text!: string;

  @Prop({ type: [String], default: [] })
  mentions!: string[];

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}

export type StoredNote = NoteRecord & { _id: Types.ObjectId };

export const NoteSchema = SchemaFactory.createForClass(NoteRecord);
// Idempotent adds, enforced by the database (as messages' sender + clientMsgId).
NoteSchema.index({ conversationId: 1, 'author.id': 1, clientMsgId: 1 }, { unique: true });
// A conversation's notes in order: the list reads the newest page of this index.
NoteSchema.index({ conversationId: 1, createdAt: 1, _id: 1 });
