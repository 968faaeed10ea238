import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Role, SessionRevokedReason } from '@switchboard/protocol';
import type { Subscription } from 'rxjs';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainEventsService } from '../events/domain-events.service';
import { UsersRepository, type SessionFields } from '../users/users.repository';
import type { TokenClaims } from './principal';

/** What a session check compares a token with. */
export interface AccountState {
  role: Role;
  name: string;
  tokenVersion: number;
  disabled: boolean;
  deleted: boolean;
  revokedReason: SessionRevokedReason | null;
}

/** What a session was admitted with: the token's role and version. */
export type SessionGrant = Pick<TokenClaims, 'role' | 'ver'>;

export function accountStateOf(user: SessionFields): AccountState {
  return {
    role: user.role,
    name: user.name,
    tokenVersion: user.tokenVersion ?? 0,
    disabled: user.disabled === true,
    deleted: user.deletedAt instanceof Date,
    revokedReason: user.revokedReason ?? null,
  };
}

/** Why a session may no longer continue, or null while it may: the one rule for REST, handshakes and sockets. */
export function revocationOf(grant: SessionGrant, account: AccountState | null): SessionRevokedReason | null {
  if (!account || account.deleted) return 'deleted';
  if (account.disabled) return 'disabled';
  if (account.role !== grant.role || account.tokenVersion !== grant.ver) return account.revokedReason ?? 'revoked';
  return null;
}

// Bounds the cache however many distinct users call within one TTL (oldest entries go first).
const MAX_ENTRIES = 10_000;

/**
 * The account behind a token, cached per user id for `principalCacheMs` (default 2 s) so a burst of requests or
 * a reconnect storm reads each account once. This node forgets an entry as soon as it changes that account;
 * other nodes see the change when their entry expires, and their sockets are ended by the realtime layer.
 */
@Injectable()
export class AccountCheckService implements OnModuleInit, OnModuleDestroy {
  private readonly cache = new Map<string, { at: number; state: AccountState | null }>();
  /** Bumped by every invalidation: a read that started before one must not store what it read. */
  private epoch = 0;
  private subscription: Subscription | null = null;

  constructor(
    private readonly users: UsersRepository,
    private readonly events: DomainEventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.subscription = this.events.of('account.changed').subscribe((event) => this.invalidate(event.userId));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** Null when the token's session has ended (the account is gone, disabled, or its version moved on). */
  async admit(claims: TokenClaims): Promise<AccountState | null> {
    let account = await this.current(claims.id);
    if (revocationOf(claims, account) === null) return account;
    // A token newer than the cached entry may reflect a change made on another node (a sign-in after a new
    // password): refuse it only on a read made after it was issued. Old, revoked tokens stay answered from the cache.
    account = await this.current(claims.id, (claims.iat + 1) * 1000);
    return revocationOf(claims, account) === null ? account : null;
  }

  /** The account, from a cache entry younger than principalCacheMs and read at or after `readAfterMs`. */
  async current(userId: string, readAfterMs = 0): Promise<AccountState | null> {
    const now = Date.now();
    const hit = this.cache.get(userId);
    if (hit && now - hit.at < this.config.principalCacheMs && hit.at >= readAfterMs) return hit.state;
    const epoch = this.epoch;
    const user = await this.users.findById(userId);
    const state = user ? accountStateOf(user) : null;
    if (epoch === this.epoch && this.config.principalCacheMs > 0) this.remember(userId, now, state);
    return state;
  }

  /** Fresh reads (never the cache) for many users: the periodic re-check of connected sockets. */
  async fresh(userIds: string[]): Promise<Map<string, AccountState>> {
    const found = await this.users.findSessionFields(userIds);
    return new Map(found.map((user) => [user._id.toHexString(), accountStateOf(user)]));
  }

  invalidate(userId: string): void {
    this.epoch++;
    this.cache.delete(userId);
  }

  private remember(userId: string, at: number, state: AccountState | null): void {
    this.cache.delete(userId);
    this.cache.set(userId, { at, state });
    while (this.cache.size > MAX_ENTRIES) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }
}
