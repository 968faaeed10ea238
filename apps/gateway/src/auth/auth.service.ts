import { Injectable, Logger } from '@nestjs/common';
import type { CustomerAuthResponse, LoginResponse } from '@switchboard/protocol';
import type { CustomerAuthDto, LoginDto } from '@switchboard/protocol/dto';
import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import type { UserRecord } from '../users/schemas/user.schema';
import { UsersRepository } from '../users/users.repository';
import { dummyPasswordHash, verifyPassword } from './password-hasher';
import type { SocketUser } from './principal';
import { TokenService } from './token.service';

const hashVisitorId = (visitorId: string) => createHash('sha256').update(visitorId).digest('hex');

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
  ) {}

  /** Same 401 body for an unknown e-mail and a wrong password, after the same amount of work. */
  async login(dto: LoginDto): Promise<LoginResponse> {
    const user = await this.users.findStaffByEmail(dto.email.trim());
    const ok = await verifyPassword(dto.password, user?.passwordHash ?? (await dummyPasswordHash()));
    if (!user || !ok || user.role === 'customer') {
      this.logger.log({ message: 'login refused' });
      throw new DomainError('unauthorized', 'wrong email or password');
    }
    await this.users.recordLogin(user._id);
    const id = user._id.toHexString();
    this.logger.log({ message: 'login', userId: id, role: user.role });
    return {
      token: await this.tokens.sign({ id, role: user.role }),
      user: { id, role: user.role, name: user.name, email: user.email ?? '' },
    };
  }

  /** Resumes a returning visitor by their visitorId, or makes a new one (an unknown visitorId is not an error). */
  async customer(dto: CustomerAuthDto): Promise<CustomerAuthResponse> {
    let visitorId = dto.visitorId;
    let user = visitorId ? await this.users.findByVisitorHash(hashVisitorId(visitorId)) : null;
    if (user && user.role === 'customer') {
      const profile: { name?: string; type?: string; contactEmail?: string } = {};
      if (dto.name?.trim()) profile.name = dto.name.trim();
      if (dto.type !== undefined) profile.type = dto.type.trim();
      if (dto.email) profile.contactEmail = dto.email;
      await this.users.updateCustomerProfile(user._id, profile);
      user = { ...user, ...profile };
    } else {
      visitorId = randomBytes(24).toString('base64url');
      user = await this.users.createCustomer({
        name: dto.name?.trim() || `Visitor ${randomBytes(2).toString('hex')}`,
        contactEmail: dto.email ?? null,
        type: dto.type?.trim() || null,
        visitorIdHash: hashVisitorId(visitorId),
      });
    }
    const id = user._id.toHexString();
    return {
      token: await this.tokens.sign({ id, role: 'customer' }),
      visitorId: visitorId as string,
      customer: { id, name: user.name, type: user.type },
    };
  }

  /** The handshake check: a valid token whose user still exists, in a role the namespace admits. */
  async authenticateSocket(token: unknown, roles: readonly string[]): Promise<SocketUser | null> {
    const principal = await this.tokens.verify(token);
    if (!principal || !roles.includes(principal.role)) return null;
    const user: UserRecord | null = await this.users.findById(principal.id);
    if (!user || user.role !== principal.role) return null;
    return { id: principal.id, role: principal.role, name: user.name };
  }
}
