import type { AgentStatus, Role } from '@switchboard/protocol';
import { Types, type Model } from 'mongoose';
import type { SocketUser } from '../../src/auth/principal';
import type { User } from '../../src/users/schemas/user.schema';

export interface UserFixture {
  name?: string;
  status?: AgentStatus;
  maxConcurrent?: number;
  /** Agents: sockets open now, and when one was last seen (absent agents have none for a while). */
  connections?: number;
  lastSeenAt?: Date | null;
}

let sequence = 0;

/** Users straight into the store, and the SocketUser the services take for them. */
export class UserFactory {
  constructor(private readonly users: Model<User>) {}

  async create(role: Role, fixture: UserFixture = {}): Promise<SocketUser> {
    const n = ++sequence;
    const name = fixture.name ?? `${role} ${n}`;
    const _id = new Types.ObjectId();
    await this.users.collection.insertOne({
      _id,
      role,
      name,
      email: role === 'customer' ? null : `${role}-${n}-${Date.now().toString(36)}@example.com`,
      type: null,
      maxConcurrent: fixture.maxConcurrent ?? 5,
      status: fixture.status ?? 'online',
      servingCount: 0,
      connections: fixture.connections ?? 1,
      lastSeenAt: fixture.lastSeenAt === undefined ? new Date() : fixture.lastSeenAt,
      liveConversationId: null,
      createdAt: new Date(),
      tokenVersion: 0,
      disabled: false,
      deletedAt: null,
    });
    return { id: _id.toHexString(), role, name };
  }

  agent(fixture?: UserFixture) {
    return this.create('agent', fixture);
  }

  customer(fixture?: UserFixture) {
    return this.create('customer', fixture);
  }

  supervisor(fixture?: UserFixture) {
    return this.create('supervisor', fixture);
  }

  async servingCount(agent: SocketUser): Promise<number> {
    return (await this.users.findById(agent.id).lean().exec())?.servingCount ?? NaN;
  }
}
