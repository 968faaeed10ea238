import { Injectable, Logger } from '@nestjs/common';
import type { CustomerAuthResponse, LoginResponse } from '@switchboard/protocol';
import type { CustomerAuthDto, LoginDto } from '@switchboard/protocol/dto';
import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { UsersRepository } from '../users/users.repository';
import { AccountCheckService } from './account-check.service';
import { dummyPasswordHash, verifyPassword } from './password-hasher';
import type { SocketUser, TokenClaims } from './principal';
import { TokenService } from './token.service';

/** An admitted socket: its user, and the token's version and expiry (checked again while it stays open). */
export interface SocketSession extends Pick<TokenClaims, 'ver' | 'exp'> {
  user: SocketUser;
}

const hashVisitorId = (visitorId: string) => createHash('sha256').update(visitorId).digest('hex');

@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly accounts: AccountCheckService,
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
      token: await this.tokens.sign({ id, role: user.role, ver: user.tokenVersion ?? 0 }),
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
      token: await this.tokens.sign({ id, role: 'customer', ver: user.tokenVersion ?? 0 }),
      visitorId: visitorId as string,
      customer: { id, name: user.name, type: user.type },
    };
  }

  /**
   * The handshake check, the same as the REST guard's: a valid token in a role the namespace admits, whose
   * account still exists, is enabled and has the token's version. Answers what the socket keeps for later checks.
   */
  async authenticateSocket(token: unknown, roles: readonly string[]): Promise<SocketSession | null> {
    const claims = await this.tokens.verify(token);
    if (!claims || !roles.includes(claims.role)) return null;
    const account = await this.accounts.admit(claims);
    if (!account) return null;
    return { user: { id: claims.id, role: claims.role, name: account.name }, ver: claims.ver, exp: claims.exp };
  }
}
