import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import {
  USER_LOCALES,
  type AgentStatus,
  type CustomerAttributes,
  type Role,
  type SessionRevokedReason,
  type UserLocale,
  type Visitor,
} from '@switchboard/protocol';
import type { Types } from 'mongoose';

@Schema({ collection: 'users', versionKey: false })
export class User {
  @Prop({ type: String, required: true, enum: ['customer', 'agent', 'supervisor'] })
  role!: Role;

  @Prop({ type: String, required: true })
  name!: string;

  /** Login e-mail of staff (unique); customers keep theirs in contactEmail. */
  @Prop({ type: String, default: null })
  email!: string | null;

  @Prop({ type: String, default: null })
  contactEmail!: string | null;

  @Prop({ type: String, default: null })
  passwordHash!: string | null;

  /** sha256 of the customer's visitorId: the database never holds the secret itself. */
  @Prop({ type: String, default: null })
  visitorIdHash!: string | null;

  /**
   * A verified customer's id on the host site (section 11, `userId` with a valid `userHash`): one customer record
   * per userId, found again on every device. Null for anonymous visitors and staff.
   */
  @Prop({ type: String, default: null })
  externalUserId!: string | null;

  /** An API token's user (issue 16): acts only through REST with its token, never signs in, never routed to. */
  @Prop({ type: Boolean, default: false })
  integration!: boolean;

  /** The customer's segment (userType). */
  @Prop({ type: String, default: null })
  type!: string | null;

  @Prop({ type: Number, default: 5 })
  maxConcurrent!: number;

  @Prop({ type: String, default: 'online' })
  status!: AgentStatus;

  /** Conversations this agent holds (serving, transfer_initiated, close_initiated): the load-limit counter. */
  @Prop({ type: Number, default: 0 })
  servingCount!: number;

  /**
   * When the agent was last given a conversation (grab, accepted transfer, assignment, automatic assignment):
   * automatic assignment's tie-break gives the next one to the agent idle longest by it (null: never, first).
   */
  @Prop({ type: Date, default: null })
  lastAssignedAt?: Date | null;

  /** Connected sockets across all gateways. */
  @Prop({ type: Number, default: 0 })
  connections!: number;

  /** Refreshed on connect, disconnect and by each gateway's heartbeat while a socket is connected. */
  @Prop({ type: Date, default: null })
  lastSeenAt!: Date | null;

  /** The customer's conversation that is not closed (one at a time), claimed by compare-and-set. */
  @Prop({ type: String, default: null })
  liveConversationId!: string | null;

  @Prop({ type: Date, default: () => new Date() })
  createdAt!: Date;

  @Prop({ type: Date, default: null })
  lastLoginAt!: Date | null;

  @Prop({ type: Number, default: 0 })
  loginCount!: number;

  /**
   * Carried in every token as `ver`: a token whose version differs is refused. Raised in the same update that
   * disables, deletes or changes the password of the account, so no old token outlives that update.
   */
  @Prop({ type: Number, default: 0 })
  tokenVersion!: number;

  /** A disabled account cannot sign in and its sessions end; it keeps its history and can be enabled again. */
  @Prop({ type: Boolean, default: false })
  disabled!: boolean;

  /** Deleted accounts stay (conversations and messages refer to them) but lose their e-mail and password. */
  @Prop({ type: Date, default: null })
  deletedAt!: Date | null;

  /** The language the user chose for the console (`PATCH /api/users/me`); null: follow the browser. */
  @Prop({ type: String, default: null, enum: [...USER_LOCALES] })
  locale!: UserLocale | null;

  /** Why tokenVersion was last raised, for the `session.revoked` a gateway sends when it finds a stale session. */
  @Prop({ type: String, default: null })
  revokedReason!: SessionRevokedReason | null;

  /** A blocked customer may not start a conversation or write (issue 14); null when not blocked. */
  @Prop({ type: Object, default: null })
  block!: CustomerBlockRecord | null;

  /** What the host page says about the customer (section 11 attributes); null: none given. */
  @Prop({ type: Object, default: null })
  attributes!: CustomerAttributes | null;

  /** The customer's page and browser as the widget last reported them (`visitor.context`); null: never. */
  @Prop({ type: Object, default: null })
  visitor!: VisitorRecord | null;
}

/** `visitor.context` as stored (the wire's Visitor with a Date): validated, bounded, the time zone dropped when it is no IANA name. */
export type VisitorRecord = Omit<Visitor, 'updatedAt'> & { updatedAt: Date };

/** Who blocked the customer, when and why, and the visitorId hashes the customer had then (docs/security.md). */
export interface CustomerBlockRecord {
  reason: string;
  at: Date;
  by: { id: string; name: string };
  visitorIdHashes: string[];
}

export type UserRecord = User & { _id: Types.ObjectId };

export const UserSchema = SchemaFactory.createForClass(User);
UserSchema.index({ email: 1 }, { unique: true, partialFilterExpression: { email: { $type: 'string' } } });
UserSchema.index({ visitorIdHash: 1 }, { unique: true, partialFilterExpression: { visitorIdHash: { $type: 'string' } } });
UserSchema.index({ externalUserId: 1 }, { unique: true, partialFilterExpression: { externalUserId: { $type: 'string' } } });
UserSchema.index({ role: 1, lastSeenAt: 1 });
// The absence sweep finds disabled agents still holding conversations without reading every agent.
UserSchema.index({ role: 1, disabled: 1 });
// Supervisors list the blocks, newest first; a blocked visitorId is refused a new identity.
UserSchema.index({ 'block.at': -1 });
UserSchema.index({ 'block.visitorIdHashes': 1 });
