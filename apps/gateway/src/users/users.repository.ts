import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { answerInOrder, createBatchLoader } from '../common/batch-loader';
import { isDuplicateKeyError } from '../common/domain-error';
import type { AgentStatus, CustomerAttributes, Role, SessionRevokedReason, StaffRole, UserLocale } from '@switchboard/protocol';
import { Types, type Model } from 'mongoose';
import { User, type CustomerBlockRecord, type UserRecord, type VisitorRecord } from './schemas/user.schema';

export interface NewStaff {
  email: string;
  name: string;
  role: StaffRole;
  passwordHash: string;
  maxConcurrent: number;
}

export interface NewCustomer {
  name: string;
  contactEmail: string | null;
  type: string | null;
  visitorIdHash: string;
  attributes?: CustomerAttributes | null;
  externalUserId?: string;
}

/** What a returning customer's `POST /api/auth/customer` may change. */
export type CustomerProfileChanges = Partial<Pick<UserRecord, 'name' | 'type' | 'contactEmail' | 'attributes'>>;

export type SessionFields = Pick<UserRecord, '_id' | 'role' | 'name' | 'tokenVersion' | 'disabled' | 'deletedAt' | 'revokedReason'>;

export interface AccountChanges {
  name?: string;
  maxConcurrent?: number;
  passwordHash?: string;
  disabled?: boolean;
}

const asId = (id: string) => (Types.ObjectId.isValid(id) ? new Types.ObjectId(id) : null);
const objectIdsOf = (ids: string[]) => ids.map(asId).filter((id): id is Types.ObjectId => id !== null);
const STAFF: StaffRole[] = ['agent', 'supervisor'];
/** Matches a missing field too, so accounts made before these fields existed count as enabled and present. */
export type OnlineAgent = Pick<UserRecord, '_id' | 'servingCount' | 'maxConcurrent' | 'name'> & {
  lastAssignedAt?: Date | null;
};

const ENABLED = { disabled: { $ne: true }, deletedAt: null };

/** At most this many absent agents are handled per sweep (the next sweep takes the rest). */
const ABSENT_AGENTS_BATCH = 100;

/** The only place that touches the users collection. */
@Injectable()
export class UsersRepository {
  constructor(@InjectModel(User.name) private readonly users: Model<User>) {}

  // Every socket handshake reads its user: after a restart thousands reconnect at once and share reads.
  private readonly byId = createBatchLoader<string, UserRecord | null>(async (ids) => {
    const found = await this.findByIds([...new Set(ids)]);
    return answerInOrder(ids, new Map(found.map((user) => [user._id.toHexString(), user])));
  });

  findById(id: string): Promise<UserRecord | null> {
    return asId(id) ? this.byId.load(id) : Promise.resolve(null);
  }

  findByIds(ids: string[]): Promise<UserRecord[]> {
    const objectIds = objectIdsOf(ids);
    return this.users.find({ _id: { $in: objectIds } }).lean<UserRecord[]>().exec();
  }

  /** Just what a session check needs, for many users at once (the periodic re-check of connected sockets). */
  findSessionFields(ids: string[]): Promise<SessionFields[]> {
    const objectIds = objectIdsOf(ids);
    return this.users
      .find({ _id: { $in: objectIds } }, { role: 1, name: 1, tokenVersion: 1, disabled: 1, deletedAt: 1, revokedReason: 1 })
      .lean<SessionFields[]>()
      .exec();
  }

  /** The account that may sign in with this e-mail: a disabled one is not found (same 401 as an unknown e-mail). */
  findStaffByEmail(email: string): Promise<UserRecord | null> {
    return this.users.findOne({ email: email.toLowerCase(), ...ENABLED }).lean<UserRecord>().exec();
  }

  /**
   * The verified customer with this host-site userId, made on first sign-in (one record per userId, safe when two
   * devices sign in at once: the unique index makes the loser read the winner's record).
   */
  findVerifiedCustomer(externalUserId: string): Promise<UserRecord | null> {
    return this.users.findOne({ externalUserId, role: 'customer' }).lean<UserRecord>().exec();
  }

  async findOrCreateVerifiedCustomer(externalUserId: string, customer: NewCustomer): Promise<{ user: UserRecord; created: boolean }> {
    const found = await this.findVerifiedCustomer(externalUserId);
    if (found) return { user: found, created: false };
    try {
      return { user: await this.createCustomer({ ...customer, externalUserId }), created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const winner = await this.findVerifiedCustomer(externalUserId);
      if (!winner) throw error;
      return { user: winner, created: false };
    }
  }

  /** The visitorId a verified customer's device was last given (kept for blocks, never a way back in alone). */
  async setVisitorHash(id: Types.ObjectId, visitorIdHash: string): Promise<void> {
    await this.users.updateOne({ _id: id, role: 'customer' }, { $set: { visitorIdHash } }).exec();
  }

  findByVisitorHash(visitorIdHash: string): Promise<UserRecord | null> {
    return this.users.findOne({ visitorIdHash }).lean<UserRecord>().exec();
  }

  async createStaff(staff: NewStaff): Promise<UserRecord> {
    const created = await this.users.create({ ...staff, email: staff.email.toLowerCase() });
    return created.toObject() as UserRecord;
  }

  /** The user an API token acts as: no e-mail, no password, away (so never offered conversations). */
  async createIntegrationUser(name: string, role: StaffRole): Promise<UserRecord> {
    const created = await this.users.create({ role, name, email: null, passwordHash: null, status: 'away', integration: true });
    return created.toObject() as UserRecord;
  }

  async createCustomer(customer: NewCustomer): Promise<UserRecord> {
    const created = await this.users.create({ ...customer, role: 'customer' });
    return created.toObject() as UserRecord;
  }

  /** Inserts the account unless its e-mail exists; true when this call created it. Safe when run concurrently. */
  async insertStaffIfMissing(staff: NewStaff): Promise<boolean> {
    const result = await this.users
      .updateOne(
        { email: staff.email.toLowerCase() },
        {
          $setOnInsert: {
            role: staff.role,
            name: staff.name,
            passwordHash: staff.passwordHash,
            maxConcurrent: staff.maxConcurrent,
            status: 'online',
            servingCount: 0,
            connections: 0,
            lastSeenAt: null,
            createdAt: new Date(),
            loginCount: 0,
            tokenVersion: 0,
            disabled: false,
            deletedAt: null,
          },
        },
        { upsert: true },
      )
      .exec();
    return result.upsertedCount > 0;
  }

  countStaff(): Promise<number> {
    return this.users.countDocuments({ role: { $in: ['agent', 'supervisor'] } }).exec();
  }

  countConnected(role: Role): Promise<number> {
    return this.users.countDocuments({ role, connections: { $gt: 0 } }).exec();
  }

  /** Swaps the password hash only while it is still `expected` (a rehash never overwrites a password change). */
  async replacePasswordHash(id: Types.ObjectId, expected: string, next: string): Promise<boolean> {
    const result = await this.users.updateOne({ _id: id, passwordHash: expected }, { $set: { passwordHash: next } }).exec();
    return result.modifiedCount === 1;
  }

  async recordLogin(id: Types.ObjectId): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { lastLoginAt: new Date() }, $inc: { loginCount: 1 } }).exec();
  }

  /** The email follow-up's link hands the customer to another browser: that browser's visitorId from now on. */
  async replaceVisitorHash(id: Types.ObjectId, visitorIdHash: string): Promise<void> {
    await this.users.updateOne({ _id: id, role: 'customer' }, { $set: { visitorIdHash } }).exec();
  }

  async updateCustomerProfile(id: Types.ObjectId, profile: CustomerProfileChanges) {
    if (Object.keys(profile).length === 0) return;
    await this.users.updateOne({ _id: id, role: 'customer' }, { $set: profile }).exec();
  }

  /** Accounts of these roles, never deleted ones; disabled ones only when asked (the accounts screen). */
  listByRole(roles: Role[], { includeDisabled = false } = {}): Promise<UserRecord[]> {
    const base = { role: { $in: roles }, integration: { $ne: true } };
    const filter = includeDisabled ? { ...base, deletedAt: null } : { ...base, ...ENABLED };
    return this.users.find(filter).sort({ name: 1 }).limit(1000).lean<UserRecord[]>().exec();
  }

  countEnabledSupervisors(): Promise<number> {
    return this.users.countDocuments({ role: 'supervisor', ...ENABLED }).exec();
  }

  /**
   * Changes a staff account that is not deleted, in one update. With `revoke`, the token version is raised in
   * that same update (and the cause kept), so every token issued before it stops working at once.
   */
  updateAccount(id: string, changes: AccountChanges, revoke: SessionRevokedReason | null): Promise<UserRecord | null> {
    const update: Record<string, unknown> = { $set: revoke ? { ...changes, revokedReason: revoke } : changes };
    if (revoke) update.$inc = { tokenVersion: 1 };
    return this.users
      .findOneAndUpdate({ _id: asId(id), role: { $in: STAFF }, deletedAt: null }, update, { returnDocument: 'after' })
      .lean<UserRecord>()
      .exec();
  }

  /**
   * Deletes a staff account while keeping the document conversations refer to (its name stays for history):
   * disabled, e-mail and password gone (the address may be used again), tokens revoked, all in one update.
   */
  softDelete(id: string): Promise<UserRecord | null> {
    return this.users
      .findOneAndUpdate(
        { _id: asId(id), role: { $in: STAFF }, deletedAt: null },
        {
          $set: { deletedAt: new Date(), disabled: true, email: null, passwordHash: null, revokedReason: 'deleted' },
          $inc: { tokenVersion: 1 },
        },
        { returnDocument: 'after' },
      )
      .lean<UserRecord>()
      .exec();
  }

  /** Takes one load slot when the agent is enabled, online and below `max`; false when refused. */
  async reserveSlot(agentId: string, max: number, requireOnline: boolean): Promise<boolean> {
    const filter: Record<string, unknown> = { _id: asId(agentId), role: 'agent', servingCount: { $lt: max }, ...ENABLED };
    if (requireOnline) filter.status = 'online';
    const result = await this.users.updateOne(filter, { $inc: { servingCount: 1 } }).exec();
    return result.modifiedCount === 1;
  }

  /** Adjusts the load counter without a limit (release, or a supervisor's assignment). */
  async adjustSlots(agentId: string, delta: number): Promise<void> {
    await this.users.updateOne({ _id: asId(agentId) }, { $inc: { servingCount: delta } }).exec();
  }

  /** The user's own preferences (any role); a deleted account is not found. */
  setLocale(id: string, locale: UserLocale): Promise<UserRecord | null> {
    return this.users
      .findOneAndUpdate({ _id: asId(id), deletedAt: null }, { $set: { locale } }, { returnDocument: 'after' })
      .lean<UserRecord>()
      .exec();
  }

  async setStatus(id: string, status: AgentStatus): Promise<UserRecord | null> {
    return this.users
      .findOneAndUpdate({ _id: asId(id) }, { $set: { status } }, { returnDocument: 'after' })
      .lean<UserRecord>()
      .exec();
  }

  /** Counts a socket in or out; returns the user after the change. */
  async changeConnections(id: string, delta: 1 | -1): Promise<UserRecord | null> {
    return this.users
      .findOneAndUpdate({ _id: asId(id) }, { $inc: { connections: delta }, $set: { lastSeenAt: new Date() } }, { returnDocument: 'after' })
      .lean<UserRecord>()
      .exec();
  }

  async touch(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const objectIds = objectIdsOf(ids);
    await this.users.updateMany({ _id: { $in: objectIds } }, { $set: { lastSeenAt: new Date() } }).exec();
  }

  /**
   * Agents holding conversations who have been gone: no socket since `quietCutoff`, or silent since `deadCutoff`
   * (never later than `quietCutoff`). A disabled (or deleted) agent counts as gone at once: their sessions were ended,
   * so no grace period. Three indexed reads, each of which walks only the agents it may return, instead of one `$or`
   * that reads every agent on every sweep.
   */
  async findAbsentAgents(quietCutoff: Date, deadCutoff: Date): Promise<UserRecord[]> {
    const serving = { role: 'agent' as const, servingCount: { $gt: 0 } };
    // An API token's user (issue 16) works over REST without a socket: absent only once disabled (token revoked).
    const person = { integration: { $ne: true } };
    const batches = await Promise.all([
      this.users.find({
        ...serving,
        ...person,
        lastSeenAt: { $lt: quietCutoff },
        $or: [{ connections: { $lte: 0 } }, { lastSeenAt: { $lt: deadCutoff } }],
      }),
      this.users.find({ ...serving, ...person, lastSeenAt: null }),
      this.users.find({ ...serving, disabled: true }),
    ].map((query) => query.limit(ABSENT_AGENTS_BATCH).lean<UserRecord[]>().exec()));
    const byId = new Map(batches.flat().map((agent) => [agent._id.toHexString(), agent]));
    return [...byId.values()].slice(0, ABSENT_AGENTS_BATCH);
  }

  /**
   * Whether some agent is `online` with a connected socket seen since `seenAfter` (what presenceOf calls online):
   * the widget's availability. Served by { role, lastSeenAt }: only agents seen lately are read.
   */
  async anyAgentOnline(seenAfter: Date): Promise<boolean> {
    const found = await this.users
      .exists({ role: 'agent', lastSeenAt: { $gte: seenAfter }, status: 'online', connections: { $gt: 0 }, ...ENABLED })
      .exec();
    return found !== null;
  }

  /**
   * Agents online now as presence counts them (status `online`, a socket connected, seen since `seenAfter`), with
   * their load: routing and automatic assignment. Served by { role, lastSeenAt } like anyAgentOnline.
   */
  listOnlineAgents(seenAfter: Date): Promise<OnlineAgent[]> {
    return this.users
      .find(
        { role: 'agent', lastSeenAt: { $gte: seenAfter }, status: 'online', connections: { $gt: 0 }, ...ENABLED },
        { servingCount: 1, maxConcurrent: 1, lastAssignedAt: 1, name: 1 },
      )
      .limit(1000)
      .lean<OnlineAgent[]>()
      .exec();
  }

  /**
   * Automatic assignment's reservation: one load slot, only while the agent's load is still `load` (what the choice
   * was made on) and below `max`, online and enabled. False when anything moved: the caller reads again.
   */
  async reserveSlotAt(agentId: string, load: number, max: number): Promise<boolean> {
    if (load >= max) return false;
    const result = await this.users
      .updateOne(
        { _id: asId(agentId), role: 'agent', status: 'online', servingCount: load, ...ENABLED },
        { $inc: { servingCount: 1 } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  /** Idle is measured from here (see lastAssignedAt). */
  async markAssigned(agentId: string, at: Date): Promise<void> {
    await this.users.updateOne({ _id: asId(agentId) }, { $max: { lastAssignedAt: at } }).exec();
  }

  /** Claims the customer's one live-conversation slot; false when another conversation holds it. */
  async claimLiveConversation(customerId: string, conversationId: string): Promise<boolean> {
    // A blocked customer claims nothing: a start racing a block either claims first (and the block closes what it
    // claimed) or claims nothing.
    const result = await this.users
      .updateOne(
        { _id: asId(customerId), liveConversationId: null, block: null },
        { $set: { liveConversationId: conversationId } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  async releaseLiveConversation(customerId: string, conversationId: string): Promise<void> {
    await this.users
      .updateOne({ _id: asId(customerId), liveConversationId: conversationId }, { $set: { liveConversationId: null } })
      .exec();
  }

  // ---- blocks (issue 14): the block lives on the customer's record ----

  /** Blocks a customer who is not blocked yet; the customer as it is after, or null when already blocked or unknown. */
  setBlock(customerId: string, block: CustomerBlockRecord): Promise<UserRecord | null> {
    return this.users
      .findOneAndUpdate({ _id: asId(customerId), role: 'customer', block: null }, { $set: { block } }, { returnDocument: 'after' })
      .lean<UserRecord>()
      .exec();
  }

  /** Lifts a block; false when the customer was not blocked. */
  async clearBlock(customerId: string): Promise<boolean> {
    const result = await this.users
      .updateOne({ _id: asId(customerId), role: 'customer', block: { $ne: null } }, { $set: { block: null } })
      .exec();
    return result.modifiedCount === 1;
  }

  /** Blocked customers, newest block first (served by { 'block.at': -1 }). */
  listBlocked(limit: number): Promise<UserRecord[]> {
    return this.users
      .find({ 'block.at': { $gt: new Date(0) } })
      .sort({ 'block.at': -1 })
      .limit(limit)
      .lean<UserRecord[]>()
      .exec();
  }

  /** A block that recorded this visitorId hash, if any. */
  findBlockedByVisitorHash(visitorIdHash: string): Promise<UserRecord | null> {
    return this.users.findOne({ 'block.visitorIdHashes': visitorIdHash }).lean<UserRecord>().exec();
  }

  // ---- the customer's profile (issue 14) ----

  /** Stores the visitor's page and browser; the customer after the change, or null when there is no such customer. */
  setVisitor(customerId: string, visitor: VisitorRecord): Promise<UserRecord | null> {
    return this.users
      .findOneAndUpdate({ _id: asId(customerId), role: 'customer' }, { $set: { visitor } }, { returnDocument: 'after' })
      .lean<UserRecord>()
      .exec();
  }
}
