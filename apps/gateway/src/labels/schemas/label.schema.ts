import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/** One label of the team's set (issue 14); conversations carry labels by name. */
@Schema({ collection: 'labels', versionKey: false })
export class LabelEntry {
  @Prop({ type: String, required: true })
  name!: string;

  /** The name as uniqueness compares it (labelKey: trimmed, lower case). */
  @Prop({ type: String, required: true })
  key!: string;

  @Prop({ type: String, required: true })
  color!: string;

  @Prop({ type: Date, default: () => new Date() })
  createdAt!: Date;
}

export type LabelRecord = LabelEntry & { _id: Types.ObjectId };

export const LabelSchema = SchemaFactory.createForClass(LabelEntry);
LabelSchema.index({ key: 1 }, { unique: true });
