import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { addressKey } from './client-address';
import { LIMIT_STORAGE } from './limit-storage';
import { rateLimited } from './rate-limited';

/** PROTOCOL section 13: failed logins allowed per account and per address in the login window. */
export const LOGIN_FAILURES_PER_ACCOUNT = 10;
export const LOGIN_FAILURES_PER_ADDRESS = 30;

/** Limits that count every use (consume) and limits that count failures only (recordFailure / assertNotLocked). */
export type UseLimit = 'customer-auth' | 'conversation-start';
export type FailureLimit = 'login-account' | 'login-address';
type LimitName = UseLimit | FailureLimit;

interface LimitRule {
  limit: number;
  windowMs: number;
  /** What the refused caller reads. */
  message: string;
  /** How the subject becomes a key: addresses by addressKey, e-mails hashed (no e-mail addresses in Redis). */
  subject: 'address' | 'account';
}

/** The rules as data: one row per limit. */
function limitRules(config: AppConfig): Record<LimitName, LimitRule> {
  return {
    'login-account': {
      limit: LOGIN_FAILURES_PER_ACCOUNT,
      windowMs: config.loginLimitWindowMs,
      message: 'too many failed sign-ins for this account; try again later',
      subject: 'account',
    },
    'login-address': {
      limit: LOGIN_FAILURES_PER_ADDRESS,
      windowMs: config.loginLimitWindowMs,
      message: 'too many failed sign-ins from this address; try again later',
      subject: 'address',
    },
    'customer-auth': {
      limit: config.customerAuthLimit,
      windowMs: config.addressLimitWindowMs,
      message: 'too many new visitors from this address; try again later',
      subject: 'address',
    },
    'conversation-start': {
      limit: config.conversationStartLimit,
      windowMs: config.addressLimitWindowMs,
      message: 'too many new conversations from this address; try again later',
      subject: 'address',
    },
  };
}

/** A limit no count reaches: an increment with it reads a key's block without ever setting one. */
const NEVER = Number.MAX_SAFE_INTEGER;
/** The hits of a lock probe are never read: let them expire at once. */
const PROBE_TTL_MS = 1000;

/**
 * Per-address and per-account abuse limits over one ThrottlerStorage (in memory on one node, Redis across nodes).
 *
 * ThrottlerStorage has a single operation, `increment`, which counts a hit and reports whether the key is
 * blocked. A use limit is exactly that. A failure limit must be checked before the expensive work without
 * counting the attempt (a successful login counts nothing), so it keeps two keys: `fail:` counts failures, and
 * `lock:` is a flag whose block an increment with limit 0 sets and an increment with an unreachable limit reads.
 */
@Injectable()
export class AbuseLimitsService {
  private readonly rules: Record<LimitName, LimitRule>;

  constructor(
    @Inject(LIMIT_STORAGE) private readonly storage: ThrottlerStorage,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.rules = limitRules(config);
  }

  /** Counts one use; the use past the limit, and every one after it until the window ends, is `rate_limited`. */
  async consume(name: UseLimit, subject: string): Promise<void> {
    const rule = this.rules[name];
    const record = await this.storage.increment(this.key('use', name, subject), rule.windowMs, rule.limit, rule.windowMs, name);
    if (record.isBlocked) throw rateLimited(rule.message, record.timeToBlockExpire);
  }

  /** `rate_limited` while any of these subjects has reached its failure limit; counts nothing. */
  async assertNotLocked(checks: ReadonlyArray<readonly [FailureLimit, string]>): Promise<void> {
    const records = await Promise.all(
      checks.map(([name, subject]) =>
        this.storage.increment(this.key('lock', name, subject), PROBE_TTL_MS, NEVER, this.rules[name].windowMs, name),
      ),
    );
    const locked = records.findIndex((record) => record.isBlocked);
    if (locked < 0) return;
    const retryAfter = Math.max(...records.filter((r) => r.isBlocked).map((r) => r.timeToBlockExpire));
    throw rateLimited(this.rules[checks[locked][0]].message, retryAfter);
  }

  /** Counts one failure; the one that reaches the limit locks the subject for the window. */
  async recordFailure(name: FailureLimit, subject: string): Promise<void> {
    const rule = this.rules[name];
    const failures = await this.storage.increment(this.key('fail', name, subject), rule.windowMs, NEVER, rule.windowMs, name);
    if (failures.totalHits >= rule.limit) {
      await this.storage.increment(this.key('lock', name, subject), PROBE_TTL_MS, 0, rule.windowMs, name);
    }
  }

  private key(kind: 'use' | 'fail' | 'lock', name: LimitName, subject: string): string {
    const id =
      this.rules[name].subject === 'address'
        ? addressKey(subject)
        : createHash('sha256').update(subject).digest('base64url').slice(0, 32);
    return `switchboard:limit:${name}:${kind}:${id}`;
  }
}
