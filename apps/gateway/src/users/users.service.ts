import { Injectable, Logger } from '@nestjs/common';
import {
  LIMITS,
  type AgentStatus,
  type AgentSummary,
  type PresenceStatus,
  type PublicUser,
  type SessionRevokedReason,
  type StaffAccount,
  type StaffRole,
  type UserLocale,
} from '@switchboard/protocol';
import { isEmptyUserPatch, UPDATE_USER_FIELDS, type CreateUserDto, type UpdateUserDto } from '@switchboard/protocol/dto';
import type { Principal } from '../auth/principal';
import { hashPassword } from '../auth/password-hasher';
import { badRequest, conflict, DomainError, isDuplicateKeyError, notFound } from '../common/domain-error';
import { DomainEventsService } from '../events/domain-events.service';
import type { UserRecord } from './schemas/user.schema';
import { UsersRepository, type AccountChanges } from './users.repository';

/** A heartbeat refreshes lastSeenAt every few seconds; a connection counted but silent this long is stale. */
export const PRESENCE_STALE_MS = 60_000;

export function presenceOf(user: UserRecord, now = Date.now()): PresenceStatus {
  const seen = user.lastSeenAt ? user.lastSeenAt.getTime() : 0;
  return user.connections > 0 && now - seen < PRESENCE_STALE_MS ? user.status : 'offline';
}

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user._id.toHexString(), role: user.role, name: user.name, email: user.email, locale: user.locale ?? null };
}

function toAgentSummary(user: UserRecord, now: number): AgentSummary {
  return { id: user._id.toHexString(), name: user.name, status: presenceOf(user, now), serving: user.servingCount };
}

export function toStaffAccount(user: UserRecord, now = Date.now()): StaffAccount {
  return {
    ...toAgentSummary(user, now),
    role: user.role as StaffRole,
    email: user.email ?? '',
    maxConcurrent: user.maxConcurrent,
    disabled: user.disabled === true,
    createdAt: user.createdAt.toISOString(),
    lastLoginAt: user.lastLoginAt ? user.lastLoginAt.toISOString() : null,
  };
}

const isStaff = (user: UserRecord | null): user is UserRecord =>
  user !== null && user.role !== 'customer' && !(user.deletedAt instanceof Date);

const LAST_SUPERVISOR = 'this is the last enabled supervisor: enable or add another supervisor first';

@Injectable()
export class UsersService {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly users: UsersRepository,
    private readonly events: DomainEventsService,
  ) {}

  findById(id: string): Promise<UserRecord | null> {
    return this.users.findById(id);
  }

  /** An agent who may be given conversations (transfer target, assignment): not disabled or deleted. */
  async requireAgent(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!isStaff(user) || user.role !== 'agent' || user.disabled) throw notFound('agent');
    return user;
  }

  async create(dto: CreateUserDto): Promise<PublicUser> {
    try {
      const user = await this.users.createStaff({
        email: dto.email,
        name: dto.name.trim(),
        role: dto.role,
        passwordHash: await hashPassword(dto.password, { patient: true }),
        maxConcurrent: dto.maxConcurrent ?? LIMITS.maxConcurrentDefault,
      });
      return toPublicUser(user);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DomainError('conflict', 'a user with this email exists');
      throw error;
    }
  }

  /** Agents see enabled colleagues as AgentSummary; supervisors see every account (disabled too) with its details. */
  async listStaff(viewer: Principal, role?: StaffRole): Promise<AgentSummary[] | StaffAccount[]> {
    const roles: StaffRole[] = role ? [role] : ['agent', 'supervisor'];
    const now = Date.now();
    if (viewer.role !== 'supervisor') return (await this.users.listByRole(roles)).map((u) => toAgentSummary(u, now));
    return (await this.users.listByRole(roles, { includeDisabled: true })).map((u) => toStaffAccount(u, now));
  }

  /** `GET /api/users/me`: the caller as the console knows them (with their language). */
  async me(caller: Principal): Promise<PublicUser> {
    const user = await this.users.findById(caller.id);
    if (!user || user.deletedAt instanceof Date) throw notFound('user');
    return toPublicUser(user);
  }

  /** `PATCH /api/users/me { locale }`: the caller's language, kept for every device they sign in on. */
  async setLocale(caller: Principal, locale: UserLocale): Promise<PublicUser> {
    const user = await this.users.setLocale(caller.id, locale);
    if (!user) throw notFound('user');
    return toPublicUser(user);
  }

  async getAccount(id: string): Promise<StaffAccount> {
    return toStaffAccount(await this.requireAccount(id));
  }

  /**
   * `PATCH /api/users/:id`. Disabling and a new password raise the token version in the same update, so the
   * account's tokens stop working at once and its sockets are ended (`account.changed` with `revoked`).
   */
  async update(actor: Principal, id: string, dto: UpdateUserDto): Promise<StaffAccount> {
    if (isEmptyUserPatch(dto)) {
      const expected = `send at least one of ${UPDATE_USER_FIELDS.join(', ')}`;
      throw badRequest(expected, [{ field: '', errors: [expected] }]);
    }
    const target = await this.requireAccount(id);
    const changes: AccountChanges = {};
    if (dto.name != null) changes.name = dto.name.trim();
    if (dto.maxConcurrent != null) changes.maxConcurrent = dto.maxConcurrent;
    if (dto.disabled != null) changes.disabled = dto.disabled;
    if (dto.password != null) changes.passwordHash = await hashPassword(dto.password, { patient: true });
    const disabling = dto.disabled === true && !target.disabled;
    if (disabling) await this.assertMayDisable(actor, target, 'disable');
    const revoke: SessionRevokedReason | null = dto.disabled === true ? 'disabled' : dto.password != null ? 'password_changed' : null;
    const updated = await this.users.updateAccount(id, changes, revoke);
    if (!updated) throw notFound('user');
    if (disabling) await this.undoIfNoSupervisorLeft(updated);
    this.changed(id, revoke);
    return toStaffAccount(updated);
  }

  /**
   * `DELETE /api/users/:id`: the account is disabled (with the same last-supervisor rule), then deleted; the
   * document stays for the conversations and messages that name it.
   */
  async remove(actor: Principal, id: string): Promise<void> {
    const target = await this.requireAccount(id);
    if (!target.disabled) {
      await this.assertMayDisable(actor, target, 'delete');
      const disabled = await this.users.updateAccount(id, { disabled: true }, 'deleted');
      if (!disabled) throw notFound('user');
      await this.undoIfNoSupervisorLeft(disabled);
    }
    const deleted = await this.users.softDelete(id);
    this.changed(id, 'deleted');
    if (!deleted) throw notFound('user');
    this.logger.log({ message: 'account deleted', userId: id, by: actor.id });
  }

  private async requireAccount(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!isStaff(user)) throw notFound('user');
    return user;
  }

  private async assertMayDisable(actor: Principal, target: UserRecord, verb: 'disable' | 'delete'): Promise<void> {
    if (target._id.toHexString() === actor.id) throw conflict(`you cannot ${verb} your own account`);
    if (target.role === 'supervisor' && (await this.users.countEnabledSupervisors()) <= 1) throw conflict(LAST_SUPERVISOR);
  }

  /**
   * Two supervisors disabling each other at once both pass the check above; whoever then finds no enabled
   * supervisor left enables the account again and answers 409, so at least one supervisor always remains (its
   * tokens stay revoked: that supervisor signs in again).
   */
  private async undoIfNoSupervisorLeft(disabled: UserRecord): Promise<void> {
    if (disabled.role !== 'supervisor' || (await this.users.countEnabledSupervisors()) > 0) return;
    const id = disabled._id.toHexString();
    await this.users.updateAccount(id, { disabled: false }, 'revoked');
    this.changed(id, 'revoked');
    throw conflict(LAST_SUPERVISOR);
  }

  private changed(userId: string, revoked: SessionRevokedReason | null): void {
    this.events.publish({ type: 'account.changed', userId, revoked });
  }

  async setStatus(id: string, status: AgentStatus): Promise<AgentStatus> {
    const user = await this.users.setStatus(id, status);
    if (!user) throw notFound('user');
    if (user.role === 'agent') this.events.publish({ type: 'presence.changed', agentId: id, status: presenceOf(user) });
    return status;
  }

  /** A socket of this user connected (+1) or went away (-1); announces an agent's presence when it flips. */
  async socketChanged(id: string, delta: 1 | -1): Promise<void> {
    const user = await this.users.changeConnections(id, delta);
    if (!user || user.role !== 'agent') return;
    const flipped = delta === 1 ? user.connections === 1 : user.connections <= 0;
    if (flipped) this.events.publish({ type: 'presence.changed', agentId: id, status: presenceOf(user) });
  }

  heartbeat(ids: string[]): Promise<void> {
    return this.users.touch(ids);
  }
}
