import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Types } from 'mongoose';

/** One team (issue 15): a name and its agents; conversations refer to it by id (`teamId`). */
@Schema({ collection: 'teams', versionKey: false })
export class TeamEntry {
  @Prop({ type: String, required: true })
  name!: string;

  /** The name as uniqueness compares it (teamKey: trimmed, lower case). */
  @Prop({ type: String, required: true })
  key!: string;

  /** Ids of agent accounts, as hex strings (as they travel on the wire). */
  @Prop({ type: [String], default: [] })
  agentIds!: string[];

  @Prop({ type: Date, default: () => new Date() })
  createdAt!: Date;
}

export type TeamRecord = TeamEntry & { _id: Types.ObjectId };

export const TeamSchema = SchemaFactory.createForClass(TeamEntry);
TeamSchema.index({ key: 1 }, { unique: true });
// An agent's teams (routing: which queues they see).
TeamSchema.index({ agentIds: 1 });
