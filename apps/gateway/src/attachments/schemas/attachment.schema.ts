import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/** One upload: its own name and owner, pointing at content stored once per MD5 in the `blobs` GridFS bucket. */
@Schema({ collection: 'attachments', versionKey: false })
export class AttachmentRecord {
  @Prop({ type: String, required: true })
  md5!: string;

  @Prop({ type: Number, required: true })
  size!: number;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true })
  mime!: string;

  @Prop({ type: String, required: true })
  uploaderId!: string;

  @Prop({ type: Object, required: true })
  blobId!: Types.ObjectId;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}

export type StoredAttachment = AttachmentRecord & { _id: Types.ObjectId };

export const AttachmentSchema = SchemaFactory.createForClass(AttachmentRecord);
AttachmentSchema.index({ md5: 1, size: 1 });
