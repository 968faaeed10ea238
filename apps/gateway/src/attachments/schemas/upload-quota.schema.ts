import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Bytes one uploader holds: stored uploads plus what uploads in progress have reserved. */
@Schema({ collection: 'upload_quotas', versionKey: false })
export class UploadQuotaRecord {
  /** The uploader's user id. */
  @Prop({ type: String, required: true })
  _id!: string;

  // No default: the first reservation creates the document with its $inc.
  @Prop({ type: Number })
  usedBytes!: number;
}

export const UploadQuotaSchema = SchemaFactory.createForClass(UploadQuotaRecord);
