import { randomBytes, scryptSync } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { dummyPasswordHash, hashPassword, needsRehash, passwordHashingStats, verifyPassword } from './password-hasher';

/** A hash as the gateway wrote them before issue 10 (N=2^15). */
function legacyHash(password: string, N = 2 ** 15): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', N, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
}

describe('password hashing', () => {
  it('hashes with at least OWASP scrypt parameters (N=2^17, r=8, p=1) and a fresh salt each time', async () => {
    const [a, b] = [await hashPassword('correct horse'), await hashPassword('correct horse')];
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('verifies an older, weaker hash with its own parameters and flags it for a rehash', async () => {
    const old = legacyHash('old password');
    expect(await verifyPassword('old password', old)).toBe(true);
    expect(await verifyPassword('other password', old)).toBe(false);
    expect(needsRehash(old)).toBe(true);
  });

  it('refuses malformed or absurd stored hashes without running scrypt', async () => {
    const before = passwordHashingStats().derivations;
    const salt = randomBytes(16).toString('base64url');
    const key = randomBytes(32).toString('base64url');
    for (const stored of ['', 'plain', 'bcrypt$x', `scrypt$1000$8$1$${salt}$${key}`, `scrypt$1073741824$8$1$${salt}$${key}`, `scrypt$-1$8$1$${salt}$${key}`]) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
    expect(passwordHashingStats().derivations).toBe(before);
  });

  it('the dummy hash for unknown e-mails has the same parameters as a real one', async () => {
    expect((await dummyPasswordHash()).split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
  });

  it('runs at most 2 derivations at once and refuses beyond 32 waiting with rate_limited at once', async () => {
    const stored = legacyHash('x'.repeat(12), 2 ** 12); // cheap: the gate is what is tested
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => verifyPassword('wrong', stored)));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as DomainError);
    expect(refused).toHaveLength(40 - 34);
    for (const error of refused) expect(error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 1 } });
    expect(results.filter((r) => r.status === 'fulfilled' && r.value === false)).toHaveLength(34);
  });

  it("a supervisor's hashing (patient) waits behind a full gate instead of being refused", async () => {
    const stored = legacyHash('x'.repeat(12), 2 ** 12);
    const storm = Array.from({ length: 34 }, () => verifyPassword('wrong', stored));
    const patient = hashPassword('a-new-password-1', { patient: true });
    await expect(verifyPassword('wrong', stored)).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(patient).resolves.toMatch(/^scrypt\$131072\$8\$1\$/);
    await Promise.all(storm);
  });
});
