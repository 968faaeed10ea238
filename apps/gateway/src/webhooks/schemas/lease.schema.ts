import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A job only one gateway node may run at a time: held by `holder` until `expiresAt` unless renewed. */
@Schema({ collection: 'leases', versionKey: false })
export class LeaseRecord {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  holder!: string;

  @Prop({ type: Date, required: true })
  expiresAt!: Date;
}

export const LeaseSchema = SchemaFactory.createForClass(LeaseRecord);
