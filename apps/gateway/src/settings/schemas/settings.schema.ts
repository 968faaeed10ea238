import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { AssignmentMode, BusinessHours, IdleClose, PreChatField, QueueNotice } from '@switchboard/protocol';

/** The one id of the one settings document. */
export const SETTINGS_ID = 'settings';

/** Section 9's settings, one document (`_id: 'settings'`), replaced whole by each PUT; absent until first saved. */
@Schema({ collection: 'settings', versionKey: false })
export class SettingsEntry {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  timezone!: string;

  @Prop({ type: Object, default: null })
  businessHours!: BusinessHours | null;

  @Prop({ type: [String], default: [] })
  holidays!: string[];

  @Prop({ type: String, default: null })
  welcomeMessage!: string | null;

  @Prop({ type: Object, default: null })
  queueNotice!: QueueNotice | null;

  @Prop({ type: Object, default: null })
  idleClose!: IdleClose | null;

  @Prop({ type: String, required: true })
  offlineMessage!: string;

  @Prop({ type: [Object], default: [] })
  preChatFields!: PreChatField[];

  @Prop({ type: String, required: true })
  assignment!: AssignmentMode;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;

  @Prop({ type: String, default: null })
  updatedBy!: string | null;
}

export const SettingsSchema = SchemaFactory.createForClass(SettingsEntry);
