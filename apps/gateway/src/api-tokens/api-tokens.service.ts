import { Injectable, Logger } from '@nestjs/common';
import {
  API_TOKEN_LIMITS,
  API_TOKEN_PREFIX,
  type ApiTokenInfo,
  type CreateApiTokenResponse,
} from '@switchboard/protocol';
import type { CreateApiTokenDto } from '@switchboard/protocol/dto';
import { createHash, randomBytes } from 'node:crypto';
import { AccountCheckService } from '../auth/account-check.service';
import type { Principal } from '../auth/principal';
import { Clock } from '../common/clock';
import { conflict, forbidden, notFound } from '../common/domain-error';
import { DomainEventsService } from '../events/domain-events.service';
import { UsersRepository } from '../users/users.repository';
import { ApiTokensRepository } from './api-tokens.repository';
import type { ApiTokenRecord } from './schemas/api-token.schema';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** The shape an API token has (prefix + 43 base64url characters): anything else is not even looked up. */
const TOKEN_SHAPE = new RegExp(`^${API_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`);

export const looksLikeApiToken = (token: string | undefined): token is string =>
  typeof token === 'string' && token.startsWith(API_TOKEN_PREFIX);

function toInfo(record: ApiTokenRecord): ApiTokenInfo {
  return {
    id: record._id.toHexString(),
    name: record.name,
    role: record.role,
    userId: record.userId,
    createdAt: new Date(record.createdAt).toISOString(),
    createdBy: record.createdBy,
    lastUsedAt: record.lastUsedAt ? new Date(record.lastUsedAt).toISOString() : null,
  };
}

/**
 * API tokens (PROTOCOL section 11): made, listed and revoked by supervisors signed in as themselves (a token cannot
 * mint or revoke tokens, so a leaked one cannot outlive its revocation). Each acts as its own integration user.
 */
@Injectable()
export class ApiTokensService {
  private readonly logger = new Logger('ApiTokens');

  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly users: UsersRepository,
    private readonly accounts: AccountCheckService,
    private readonly events: DomainEventsService,
    private readonly clock: Clock,
  ) {}

  async create(by: Principal, dto: CreateApiTokenDto): Promise<CreateApiTokenResponse> {
    const creator = await this.requireSupervisorSession(by);
    if ((await this.tokens.countLive()) >= API_TOKEN_LIMITS.liveMax)
      throw conflict(`at most ${API_TOKEN_LIMITS.liveMax} live tokens; revoke one first`);
    const name = dto.name.trim();
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const user = await this.users.createIntegrationUser(name, dto.role);
    const record = await this.tokens.create({
      name,
      role: dto.role,
      tokenHash: hashToken(token),
      userId: user._id.toHexString(),
      createdBy: { id: by.id, name: creator },
    });
    this.logger.log({ message: 'api token created', tokenId: record._id.toHexString(), role: dto.role, by: by.id });
    return { id: record._id.toHexString(), token };
  }

  async list(by: Principal): Promise<ApiTokenInfo[]> {
    await this.requireSupervisorSession(by);
    return (await this.tokens.listLive(API_TOKEN_LIMITS.liveMax)).map(toInfo);
  }

  /** Refused from the next request on, on every node (the token is read on each request); its user is deleted. */
  async revoke(by: Principal, id: string): Promise<void> {
    await this.requireSupervisorSession(by);
    const revoked = await this.tokens.revoke(id, this.clock.now());
    if (!revoked) throw notFound('token');
    await this.users.softDelete(revoked.userId);
    this.events.publish({ type: 'account.changed', userId: revoked.userId, revoked: 'deleted' });
    this.logger.log({ message: 'api token revoked', tokenId: id, by: by.id });
  }

  /** The principal of a live token whose user still exists and is enabled, or null. */
  async authenticate(token: string): Promise<Principal | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const record = await this.tokens.findLiveByHash(hashToken(token));
    if (!record) return null;
    const account = await this.accounts.current(record.userId);
    if (!account || account.deleted || account.disabled || account.role !== record.role) return null;
    void this.tokens.touch(record._id, this.clock.now()).catch(() => undefined);
    return { id: record.userId, role: record.role, apiTokenId: record._id.toHexString() };
  }

  private async requireSupervisorSession(by: Principal): Promise<string> {
    if (by.apiTokenId) throw forbidden('API tokens are managed by a signed-in supervisor, not with a token');
    const account = await this.accounts.current(by.id);
    return account?.name ?? 'supervisor';
  }
}
