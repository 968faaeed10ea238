import { ThrottlerStorageService } from '@nestjs/throttler';
import { loadConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { AbuseLimitsService } from './abuse-limits.service';

const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), CUSTOMER_AUTH_LIMIT: '3' });

async function refusal(promise: Promise<unknown>): Promise<DomainError | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

describe('AbuseLimitsService over @nestjs/throttler in-memory storage', () => {
  let storage: ThrottlerStorageService;
  let limits: AbuseLimitsService;
  beforeEach(() => {
    storage = new ThrottlerStorageService();
    limits = new AbuseLimitsService(storage, config);
  });
  afterEach(() => storage.onApplicationShutdown());

  it('a use limit allows exactly its limit per subject, then rate_limited with retryAfterSeconds', async () => {
    for (let i = 0; i < 3; i++) await limits.consume('customer-auth', '203.0.113.1');
    const refused = await refusal(limits.consume('customer-auth', '203.0.113.1'));
    expect(refused?.code).toBe('rate_limited');
    expect(refused?.details).toEqual({ retryAfterSeconds: 600 });
    await expect(limits.consume('customer-auth', '203.0.113.2')).resolves.toBeUndefined();
  });

  it('a failure limit locks at its 10th failure; checking it counts nothing', async () => {
    const check = () => limits.assertNotLocked([['login-account', 'ana@example.com']]);
    for (let i = 0; i < 50; i++) await check(); // successful attempts check, and must never lock anyone
    for (let i = 0; i < 9; i++) {
      await check();
      await limits.recordFailure('login-account', 'ana@example.com');
    }
    await expect(check()).resolves.toBeUndefined();
    await limits.recordFailure('login-account', 'ana@example.com');
    const refused = await refusal(check());
    expect(refused?.code).toBe('rate_limited');
    expect((refused?.details as { retryAfterSeconds: number }).retryAfterSeconds).toBe(900);
    await expect(limits.assertNotLocked([['login-account', 'bo@example.com']])).resolves.toBeUndefined();
  });

  it('the address limit is its own: 30 failures across accounts', async () => {
    for (let i = 0; i < 29; i++) await limits.recordFailure('login-address', '::ffff:198.51.100.7');
    await expect(limits.assertNotLocked([['login-address', '198.51.100.7']])).resolves.toBeUndefined();
    await limits.recordFailure('login-address', '198.51.100.7');
    // the IPv4-mapped and the plain form are one address
    expect((await refusal(limits.assertNotLocked([['login-address', '::ffff:198.51.100.7']])))?.code).toBe('rate_limited');
  });
});
