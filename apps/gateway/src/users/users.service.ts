import { Injectable } from '@nestjs/common';
import {
  LIMITS,
  type AgentStatus,
  type AgentSummary,
  type PresenceStatus,
  type PublicUser,
  type StaffRole,
} from '@switchboard/protocol';
import type { CreateUserDto } from '@switchboard/protocol/dto';
import { hashPassword } from '../auth/password-hasher';
import { DomainError, isDuplicateKeyError, notFound } from '../common/domain-error';
import { DomainEventsService } from '../events/domain-events.service';
import type { UserRecord } from './schemas/user.schema';
import { UsersRepository } from './users.repository';

/** A heartbeat refreshes lastSeenAt every few seconds; a connection counted but silent this long is stale. */
export const PRESENCE_STALE_MS = 60_000;

export function presenceOf(user: UserRecord, now = Date.now()): PresenceStatus {
  const seen = user.lastSeenAt ? user.lastSeenAt.getTime() : 0;
  return user.connections > 0 && now - seen < PRESENCE_STALE_MS ? user.status : 'offline';
}

export function toPublicUser(user: UserRecord): PublicUser {
  return { id: user._id.toHexString(), role: user.role, name: user.name, email: user.email };
}

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly events: DomainEventsService,
  ) {}

  findById(id: string): Promise<UserRecord | null> {
    return this.users.findById(id);
  }

  async requireAgent(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user || user.role !== 'agent') throw notFound('agent');
    return user;
  }

  async create(dto: CreateUserDto): Promise<PublicUser> {
    try {
      const user = await this.users.createStaff({
        email: dto.email,
        name: dto.name.trim(),
        role: dto.role,
        passwordHash: await hashPassword(dto.password),
        maxConcurrent: dto.maxConcurrent ?? LIMITS.maxConcurrentDefault,
      });
      return toPublicUser(user);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new DomainError('conflict', 'a user with this email exists');
      throw error;
    }
  }

  async listStaff(role?: StaffRole): Promise<AgentSummary[]> {
    const users = await this.users.listByRole(role ? [role] : ['agent', 'supervisor']);
    const now = Date.now();
    return users.map((u) => ({ id: u._id.toHexString(), name: u.name, status: presenceOf(u, now), serving: u.servingCount }));
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
