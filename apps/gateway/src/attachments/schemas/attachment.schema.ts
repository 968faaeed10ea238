import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/**
 * One upload: its own name and owner, pointing at content in the `blobs` GridFS bucket, shared by uploads whose
 * bytes are equal (same SHA-256 and size, then compared byte for byte). Records from before SHA-256 addressing
 * have no `sha256` and point at blobs shared by MD5; they keep working and are never shared with new uploads.
 */
@Schema({ collection: 'attachments', versionKey: false })
export class AttachmentRecord {
  /** The seeds' metadata only (PROTOCOL's Attachment has it); never used to find equal content. */
  @Prop({ type: String, required: true })
  md5!: string;

  @Prop({ type: String, default: null })
  sha256?: string | null;

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

  /** Counted in the uploader's quota (every upload since quotas exist): released when the record goes. */
  @Prop({ type: Boolean, default: false })
  charged?: boolean;

  /** A message refers to it (found by the sweeper): never swept. Missing on older records: checked then. */
  @Prop({ type: Boolean, default: false })
  referenced?: boolean;

  /** The last time message.send took it: the sweeper leaves it alone a while so the message can land. */
  @Prop({ type: Date, default: null })
  attachedAt?: Date | null;

  /** The sweep that claimed it for removal (message.send refuses it meanwhile), and when. */
  @Prop({ type: String, default: null })
  sweepId?: string | null;

  @Prop({ type: Date, default: null })
  sweptAt?: Date | null;
}

export type StoredAttachment = AttachmentRecord & { _id: Types.ObjectId };

export const AttachmentSchema = SchemaFactory.createForClass(AttachmentRecord);
// The sweeper's candidates (unreferenced, oldest first) and the blobs still pointed at (older MD5-shared blobs).
AttachmentSchema.index({ referenced: 1, createdAt: 1 });
AttachmentSchema.index({ blobId: 1 });
