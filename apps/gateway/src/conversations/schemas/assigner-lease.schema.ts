import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Section 9's automatic assignment runs on one gateway at a time: the one holding this lease (one document). The
 * compare-and-sets on the conversation and the agent's load keep every guarantee without it; the lease makes the
 * least-loaded choice exact, as no two gateways choose from the same counts. `dirty` says that another gateway had
 * work meanwhile, so the holder drains again before it lets go.
 */
@Schema({ collection: 'assigner_leases', versionKey: false })
export class AssignerLease {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, default: null })
  owner!: string | null;

  @Prop({ type: Date, default: null })
  expiresAt!: Date | null;

  @Prop({ type: Boolean, default: false })
  dirty!: boolean;
}

export const AssignerLeaseSchema = SchemaFactory.createForClass(AssignerLease);
