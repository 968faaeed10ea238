import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type {
  ArtificialType,
  CustomerInfo,
  LastMessage,
  Rating,
  SenderType,
  SystemMessage,
  Transfer,
} from '@switchboard/protocol';
import type { WebhookOutboxEntry } from '../webhook-outbox';

/**
 * A system message a transition wrote down in its own compare-and-set, until it is appended: `key` is its
 * idempotency key (the message's clientMsgId in the store), so appending it twice stores it once.
 */
export type PendingSystemMessage = SystemMessage & { key: string; text: string; at: Date };

/** Ids of users are kept as hex strings, as they travel on the wire. */
@Schema({ collection: 'conversations', versionKey: false })
export class ConversationRecord {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Number, required: true })
  number!: number;

  @Prop({ type: String, required: true })
  artificialType!: ArtificialType;

  @Prop({ type: String, required: true })
  customerId!: string;

  @Prop({ type: Object, required: true })
  /** `email` since issue 14's profile: conversations stored before have none (read as null). */
  customer!: CustomerInfo & { email?: string | null };

  @Prop({ type: String, default: null })
  agentId!: string | null;

  /** Every agent who was ever the assignee: they keep read access to the history. */
  @Prop({ type: [String], default: [] })
  participants!: string[];

  /**
   * Staff mentioned in a private note (notes/): like past assignees they may read the conversation from then on.
   * Optional: conversations stored before notes existed have none.
   */
  @Prop({ type: [String], default: [] })
  mentionedAgentIds?: string[];

  @Prop({ type: Object, default: null })
  transfer!: Transfer | null;

  @Prop({ type: Number, default: 0 })
  lastSeq!: number;

  @Prop({ type: Object, default: null })
  lastMessage!: LastMessage | null;

  @Prop({ type: Object, default: () => ({ customer: 0, agents: {} }) })
  reads!: { customer: number; agents: Record<string, number> };

  @Prop({ type: Object, default: () => ({ customer: 0, agent: 0 }) })
  unread!: { customer: number; agent: number };

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, default: null })
  queuedAt!: Date | null;

  @Prop({ type: Date, default: null })
  assignedAt!: Date | null;

  @Prop({ type: Date, default: null })
  closedAt!: Date | null;

  @Prop({ type: String, default: null })
  closedBy!: SenderType | null;

  @Prop({ type: Object, default: null })
  rating!: Rating | null;

  /** When the pending transfer offer or close proposal times out; swept by every gateway, claimed by one. */
  @Prop({ type: Date, default: null })
  deadlineAt!: Date | null;

  /** Seq of the close proposal's system message: only customer messages after it resume the conversation. */
  @Prop({ type: Number, default: null })
  closeProposalSeq!: number | null;

  /** System messages of transitions not appended yet (normally for a moment; after a crash until the sweep). */
  @Prop({ type: [Object], default: [] })
  pendingSystem!: PendingSystemMessage[];

  /** Webhook events of changes to this conversation, until the relay has copied them to webhook_deliveries. */
  @Prop({ type: [Object], default: [] })
  webhookOutbox?: WebhookOutboxEntry[];

  /** Seconds it waited in the queue before its latest assignment (feeds the wait estimate). */
  @Prop({ type: Number, default: null })
  waitSeconds!: number | null;

  /** Names from the label set (issue 14); documents from before labels have none and read as []. */
  @Prop({ type: [String], default: [] })
  labels!: string[];

  /** Section 9: left through the offline form (conversations from before read as false). */
  @Prop({ type: Boolean, default: false })
  offline?: boolean;

  /** Section 9: the pre-chat values, validated against the settings at start. */
  @Prop({ type: Object, default: () => ({}) })
  fields?: Record<string, string>;

  /**
   * When the customer last wrote (set at start and by every customer message): idle closing compares it, and the
   * assignment time, with `idleClose.afterMinutes`. Absent on conversations from before: never closed as idle.
   */
  @Prop({ type: Date, default: null })
  customerActiveAt?: Date | null;

  /** When the queue notice is due (section 9), or null: cleared by the one gateway that claims it. */
  @Prop({ type: Date, default: null })
  queueNoticeAt?: Date | null;

  /**
   * Issue 17, reports (docs/reports.md): the moments the figures measure, written by the update that makes them
   * happen, never null (absent until they happen, so `$min` and `$exists` work). The first assignment and its agent;
   * the agent of the latest assignment (who a conversation counts for per agent); the customer's first message; the
   * first agent message after it, and its author.
   */
  @Prop({ type: Date })
  firstAssignedAt?: Date;

  @Prop({ type: String })
  firstAgentId?: string;

  @Prop({ type: String })
  lastAgentId?: string;

  @Prop({ type: Date })
  firstCustomerMessageAt?: Date;

  @Prop({ type: Date })
  firstResponseAt?: Date;

  @Prop({ type: String })
  firstResponderId?: string;
  /** Section 9: the team whose queue it is in, or null (conversations from before teams have none). */
  @Prop({ type: String, default: null })
  teamId?: string | null;

  /** Search (PROTOCOL section 8): keys of the customer's name and email; absent until the backfill on older ones. */
  @Prop({ type: [String], default: undefined })
  searchKeys?: string[];
}

export const ConversationSchema = SchemaFactory.createForClass(ConversationRecord);
ConversationSchema.index({ number: 1 }, { unique: true });
// The queue's order (pages and positions): oldest first, _id breaking ties.
ConversationSchema.index({ artificialType: 1, queuedAt: 1, _id: 1 });
ConversationSchema.index({ artificialType: 1, deadlineAt: 1 });
ConversationSchema.index({ agentId: 1, artificialType: 1 });
ConversationSchema.index({ customerId: 1, createdAt: -1 });
ConversationSchema.index({ assignedAt: -1 });
ConversationSchema.index({ 'pendingSystem.at': 1 });
ConversationSchema.index({ 'webhookOutbox.at': 1 });
// Section 9's automatic messages: the due queue notices, and serving conversations by the customer's last word.
ConversationSchema.index({ queueNoticeAt: 1 });
ConversationSchema.index({ artificialType: 1, customerActiveAt: 1 });
// Deleting a team makes its conversations team-less.
ConversationSchema.index({ teamId: 1 });
// Deleting a label pulls it from the conversations that carry it (multikey).
ConversationSchema.index({ labels: 1 });
// Search: the customer's name and email keys, newest first; and what an agent may read (past assignees, mentions).
ConversationSchema.index({ searchKeys: 1, _id: -1 });
ConversationSchema.index({ participants: 1, _id: -1 });
ConversationSchema.index({ mentionedAgentIds: 1, _id: -1 });
// Reports (issue 17): conversations by createdAt, for everyone, one agent (the latest assignee) or one team (section
// 9's teamId, declared by the teams module).
ConversationSchema.index({ createdAt: 1 });
ConversationSchema.index({ lastAgentId: 1, createdAt: 1 });
ConversationSchema.index({ teamId: 1, createdAt: 1 });

@Schema({ collection: 'counters', versionKey: false })
export class CounterRecord {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Number, default: 0 })
  value!: number;
}
export const CounterSchema = SchemaFactory.createForClass(CounterRecord);
