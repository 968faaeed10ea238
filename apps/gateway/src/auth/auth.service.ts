import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { CustomerAuthResponse, LoginResponse } from '@switchboard/protocol';
import type { CustomerAuthDto, LoginDto } from '@switchboard/protocol/dto';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AbuseLimitsService, type FailureLimit } from '../abuse/abuse-limits.service';
import { badRequest, DomainError, refused } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { UserRecord } from '../users/schemas/user.schema';
import { UsersRepository, type CustomerProfileChanges } from '../users/users.repository';
import { AccountCheckService } from './account-check.service';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password-hasher';
import type { SocketUser, TokenClaims } from './principal';
import { TokenService } from './token.service';

/** An admitted socket: its user, and the token's version and expiry (checked again while it stays open). */
export interface SocketSession extends Pick<TokenClaims, 'ver' | 'exp'> {
  user: SocketUser;
}

const hashVisitorId = (visitorId: string) => createHash('sha256').update(visitorId).digest('hex');

/** The login e-mail as accounts are looked up, and so as the per-account limit counts it (case and spaces do not make a new key). */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Section 11: the hex HMAC-SHA256 of `userId` with IDENTITY_SECRET, what a host site's server computes. */
export const identityHash = (secret: string, userId: string) => createHmac('sha256', secret).update(userId).digest('hex');

/** Compared in constant time, so the answer's timing says nothing about how much of a guessed hash was right. */
function identityHashMatches(secret: string, userId: string, userHash: string): boolean {
  const expected = Buffer.from(identityHash(secret, userId), 'utf8');
  const given = Buffer.from(userHash.trim().toLowerCase(), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What a sign-in with name, type, e-mail or attributes changes on the customer's record. */
function profileChangesOf(dto: CustomerAuthDto): CustomerProfileChanges {
  const profile: CustomerProfileChanges = {};
  if (dto.name?.trim()) profile.name = dto.name.trim();
  if (dto.type !== undefined) profile.type = dto.type.trim();
  if (dto.email) profile.contactEmail = dto.email;
  if (dto.attributes) profile.attributes = { ...dto.attributes };
  return profile;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly limits: AbuseLimitsService,
    private readonly accounts: AccountCheckService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // the dummy hash is ready before the first unknown e-mail, so that one takes no longer than the others
    dummyPasswordHash().catch(() => undefined);
  }

  /**
   * Same 401 body for an unknown e-mail and a wrong password, after the same amount of work. The failure limits
   * (per account, per address) are checked before any hashing, so a limited caller costs no scrypt; only
   * failures count.
   */
  async login(dto: LoginDto, address: string): Promise<LoginResponse> {
    const email = normalizeEmail(dto.email);
    const limits: Array<[FailureLimit, string]> = [
      ['login-account', email],
      ['login-address', address],
    ];
    await this.limits.assertNotLocked(limits);
    const found = await this.users.findStaffByEmail(email);
    const user = found?.role === 'customer' ? null : found;
    const stored = user?.passwordHash ?? null;
    const ok = await verifyPassword(dto.password, stored ?? (await dummyPasswordHash()));
    if (!user || !stored || !ok) {
      await Promise.all(limits.map(([name, subject]) => this.limits.recordFailure(name, subject)));
      this.logger.log({ message: 'login refused', address });
      throw new DomainError('unauthorized', 'wrong email or password');
    }
    if (needsRehash(stored)) await this.rehash(user, stored, dto.password);
    await this.users.recordLogin(user._id);
    const id = user._id.toHexString();
    this.logger.log({ message: 'login', userId: id, role: user.role });
    return {
      token: await this.tokens.sign({ id, role: user.role, ver: user.tokenVersion ?? 0 }),
      user: { id, role: user.role, name: user.name, email: user.email ?? '', locale: user.locale ?? null },
    };
  }

  /**
   * Resumes a returning visitor by their visitorId, or makes a new one (an unknown visitorId is not an error).
   * `priorToken` is the customer token the browser held before, if it sends one: a blocked customer's browser gets
   * no new identity, whatever visitorId it sends (docs/security.md says what a block can and cannot promise).
   */
  async customer(dto: CustomerAuthDto, address: string, priorToken?: string): Promise<CustomerAuthResponse> {
    if (dto.userId !== undefined || dto.userHash !== undefined) return this.verifiedCustomer(dto, address);
    let visitorId = dto.visitorId;
    let user = visitorId ? await this.users.findByVisitorHash(hashVisitorId(visitorId)) : null;
    // A verified customer is signed in by their userHash only: a visitorId left in a shared browser is not enough.
    if (user?.externalUserId) user = null;
    if (!user || user.role !== 'customer') await this.refuseBlockedBrowser(visitorId, priorToken);
    if (user && user.role === 'customer') {
      const profile = profileChangesOf(dto);
      await this.users.updateCustomerProfile(user._id, profile);
      user = { ...user, ...profile };
    } else {
      // Only a new visitor counts: a returning one resumes with their visitorId however often pages load.
      await this.limits.consume('customer-auth', address);
      visitorId = randomBytes(24).toString('base64url');
      user = await this.users.createCustomer({
        name: dto.name?.trim() || `Visitor ${randomBytes(2).toString('hex')}`,
        contactEmail: dto.email ?? null,
        type: dto.type?.trim() || null,
        visitorIdHash: hashVisitorId(visitorId),
        attributes: dto.attributes ? { ...dto.attributes } : null,
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
   * The email follow-up's link (issue 15) proved who the customer is: a session for them. A browser that already is
   * that customer keeps its visitorId; another one gets a new visitorId (the old one then names nobody, so the
   * customer's other browser renews into a new visitor once its token expires: docs/security.md).
   */
  async resumeCustomer(customer: UserRecord, visitorId: string | undefined): Promise<CustomerAuthResponse> {
    let kept = visitorId && customer.visitorIdHash === hashVisitorId(visitorId) ? visitorId : null;
    if (!kept) {
      kept = randomBytes(24).toString('base64url');
      await this.users.replaceVisitorHash(customer._id, hashVisitorId(kept));
    }
    const id = customer._id.toHexString();
    return {
      token: await this.tokens.sign({ id, role: 'customer', ver: customer.tokenVersion ?? 0 }),
      visitorId: kept,
      customer: { id, name: customer.name, type: customer.type },
    };
  }

  /**
   * Section 11: a userId with a valid userHash is the same customer on every device (made on first sign-in). A
   * wrong or missing hash is 401 `identity_invalid`; without IDENTITY_SECRET no userId is trusted (400). Each
   * sign-in gives the device a new visitorId, which never signs the verified customer in by itself.
   */
  private async verifiedCustomer(dto: CustomerAuthDto, address: string): Promise<CustomerAuthResponse> {
    const { userId, userHash } = dto;
    if (userId === undefined) throw badRequest('userHash needs a userId', [{ field: 'userHash', errors: ['userHash needs a userId'] }]);
    const secret = this.config.identitySecret;
    if (!secret) throw badRequest('identity verification is not configured on this server (IDENTITY_SECRET)');
    if (!userHash || !identityHashMatches(secret, userId, userHash)) {
      this.logger.log({ message: 'identity refused', address });
      throw new DomainError('unauthorized', 'the identity could not be verified', { reason: 'identity_invalid' });
    }
    // Only a new customer counts against the address's limit, as for anonymous visitors.
    if (!(await this.users.findVerifiedCustomer(userId))) await this.limits.consume('customer-auth', address);
    const visitorId = randomBytes(24).toString('base64url');
    const profile = profileChangesOf(dto);
    const { user, created } = await this.users.findOrCreateVerifiedCustomer(userId, {
      name: profile.name || `Visitor ${randomBytes(2).toString('hex')}`,
      contactEmail: profile.contactEmail ?? null,
      type: profile.type || null,
      visitorIdHash: hashVisitorId(visitorId),
      attributes: profile.attributes ?? null,
    });
    if (user.block) throw refused('forbidden', 'blocked', 'this chat is not available to you');
    if (!created) {
      await this.users.updateCustomerProfile(user._id, profile);
      await this.users.setVisitorHash(user._id, hashVisitorId(visitorId));
    }
    const current = { ...user, ...profile };
    const id = user._id.toHexString();
    return {
      token: await this.tokens.sign({ id, role: 'customer', ver: user.tokenVersion ?? 0 }),
      visitorId,
      customer: { id, name: current.name, type: current.type },
    };
  }

  /** A new identity is refused to a browser that shows a blocked customer's token (even expired) or visitorId. */
  private async refuseBlockedBrowser(visitorId: string | undefined, priorToken: string | undefined): Promise<void> {
    const prior = priorToken ? await this.tokens.verify(priorToken, { ignoreExpiration: true }) : null;
    const [byToken, byVisitor] = await Promise.all([
      prior?.role === 'customer' ? this.users.findById(prior.id) : null,
      visitorId ? this.users.findBlockedByVisitorHash(hashVisitorId(visitorId)) : null,
    ]);
    if (byToken?.block || byVisitor) throw refused('forbidden', 'blocked', 'this chat is not available to you');
  }

  /**
   * A hash made with weaker scrypt parameters is replaced, on this successful login, by one with today's. The
   * update is conditional on the old hash, so a password changed meanwhile is never overwritten; if it cannot be
   * done now (hashing busy), the next login tries again.
   */
  private async rehash(user: UserRecord, stored: string, password: string): Promise<void> {
    try {
      const upgraded = await this.users.replacePasswordHash(user._id, stored, await hashPassword(password));
      if (upgraded) this.logger.log({ message: 'password hash upgraded', userId: user._id.toHexString() });
    } catch (error) {
      this.logger.warn({ message: 'password rehash postponed', userId: user._id.toHexString(), error: String(error) });
    }
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
