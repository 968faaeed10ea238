import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { StaffRole } from '@switchboard/protocol';
import type { Types } from 'mongoose';

/** An API token (issue 16): only the sha256 of the token is kept, never the token. */
@Schema({ collection: 'api_tokens', versionKey: false })
export class ApiTokenEntry {
  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true, enum: ['agent', 'supervisor'] })
  role!: StaffRole;

  /** sha256 (hex) of the token: a token is 256 random bits, so no slow hash is needed to make guessing hopeless. */
  @Prop({ type: String, required: true })
  tokenHash!: string;

  /** The integration user the token acts as. */
  @Prop({ type: String, required: true })
  userId!: string;

  @Prop({ type: Object, required: true })
  createdBy!: { id: string; name: string };

  @Prop({ type: Date, default: () => new Date() })
  createdAt!: Date;

  @Prop({ type: Date, default: null })
  lastUsedAt!: Date | null;

  /** Set by DELETE /api/tokens/:id: from then on the token is refused (the record stays for the audit). */
  @Prop({ type: Date, default: null })
  revokedAt!: Date | null;
}

export type ApiTokenRecord = ApiTokenEntry & { _id: Types.ObjectId };

export const ApiTokenSchema = SchemaFactory.createForClass(ApiTokenEntry);
ApiTokenSchema.index({ tokenHash: 1 }, { unique: true });
ApiTokenSchema.index({ revokedAt: 1, createdAt: -1 });
