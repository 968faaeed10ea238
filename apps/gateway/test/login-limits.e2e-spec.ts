// Issue 10, attack 2: login was a brute-force target (60 wrong passwords in a row were all 401). PROTOCOL section
// 13: at most 10 failed attempts per account and 30 per address in 15 minutes, then 429 with Retry-After, checked
// before any hashing.
import { loginAs } from '@switchboard/testing';
import { passwordHashingStats } from '../src/auth/password-hasher';
import { attemptLogin, createAgentAccount, inventedAddress, scryptHash, setStoredHash, storedHash } from './support/sign-in';
import { startTestGateway, TEST_PASSWORD, type TestGateway } from './support/test-gateway';

const PASSWORD = 'the-right-password-1';
const ACCOUNT_LIMITED = {
  statusCode: 429,
  message: 'too many failed sign-ins for this account; try again later',
  error: 'Too Many Requests',
};
const ADDRESS_LIMITED = {
  statusCode: 429,
  message: 'too many failed sign-ins from this address; try again later',
  error: 'Too Many Requests',
};

describe('login limits per account', () => {
  let gw: TestGateway;
  let supervisorToken: string;

  beforeAll(async () => {
    gw = await startTestGateway();
    supervisorToken = (await loginAs(gw.url, 'supervisor@example.com', TEST_PASSWORD)).token;
  });
  afterAll(() => gw?.close());

  it('60 wrong passwords in a row: the 11th and later are 429 with Retry-After and cost no scrypt; the right password too', async () => {
    const email = 'target@example.com';
    await createAgentAccount(gw, supervisorToken, email, PASSWORD);
    // case and spaces are the same account, so they are the same counter
    const variants = [email, email.toUpperCase(), `  ${email}  `, 'Target@Example.COM'];
    const answers = [];
    let hashesAtLockout = 0;
    for (let i = 0; i < 60; i++) {
      if (i === 10) hashesAtLockout = passwordHashingStats().derivations;
      answers.push(await attemptLogin(gw, variants[i % variants.length], `wrong-password-${i}`));
    }
    expect(answers.slice(0, 10).map((a) => a.status)).toEqual(Array(10).fill(401));
    expect(answers.slice(10).map((a) => a.status)).toEqual(Array(50).fill(429));
    expect(passwordHashingStats().derivations).toBe(hashesAtLockout);
    for (const answer of answers.slice(10)) {
      expect(answer.body).toEqual(ACCOUNT_LIMITED);
      expect(Number.isInteger(answer.retryAfter)).toBe(true);
      expect(answer.retryAfter).toBeGreaterThan(800);
      expect(answer.retryAfter).toBeLessThanOrEqual(900);
    }

    // during the lockout the right password is refused the same way (it is not even checked)
    const right = await attemptLogin(gw, email, PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body).toEqual(ACCOUNT_LIMITED);
    expect(passwordHashingStats().derivations).toBe(hashesAtLockout);

    // only that account: others from the same address still sign in, and 10 failures are far below the address limit
    expect((await attemptLogin(gw, 'agent1@example.com', TEST_PASSWORD)).status).toBe(200);
    expect((await attemptLogin(gw, 'agent2@example.com', 'wrong-password')).status).toBe(401);
  });

  it('successful logins do not count', async () => {
    const email = 'busy@example.com';
    await createAgentAccount(gw, supervisorToken, email, PASSWORD);
    for (let i = 0; i < 9; i++) expect((await attemptLogin(gw, email, 'wrong-password')).status).toBe(401);
    // had these counted, the second would already be 429
    for (let i = 0; i < 3; i++) expect((await attemptLogin(gw, email, PASSWORD)).status).toBe(200);
    expect((await attemptLogin(gw, email, 'wrong-password')).status).toBe(401); // the 10th failure
    expect((await attemptLogin(gw, email, PASSWORD)).status).toBe(429);
  });
});

describe('login limits per address', () => {
  let gw: TestGateway;

  // no TRUST_PROXY: X-Forwarded-For is the attacker's own text
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw?.close());

  it('31 failures from one address across different accounts: the 31st is 429; invented X-Forwarded-For does not dodge it', async () => {
    const statuses: number[] = [];
    for (let round = 0; round < 15; round++) {
      const pair = await Promise.all(
        [0, 1].map((j) => attemptLogin(gw, `nobody-${round}-${j}@example.com`, 'wrong-password', { 'x-forwarded-for': inventedAddress() })),
      );
      statuses.push(...pair.map((a) => a.status));
    }
    expect(statuses).toEqual(Array(30).fill(401));
    const refused = await attemptLogin(gw, 'someone-new@example.com', 'wrong-password', { 'x-forwarded-for': inventedAddress() });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(ADDRESS_LIMITED);
    expect(refused.retryAfter).toBeGreaterThan(800);
    // the address is locked for every account, the right password included
    const demo = await attemptLogin(gw, 'agent1@example.com', TEST_PASSWORD, { 'x-forwarded-for': inventedAddress() });
    expect(demo.status).toBe(429);
  });
});

describe('after the window', () => {
  let gw: TestGateway;

  // a short window through a configuration override (not an env var)
  beforeAll(async () => {
    gw = await startTestGateway({}, { loginLimitWindowMs: 3000 });
  });
  afterAll(() => gw?.close());

  it('logins work again once Retry-After has passed', async () => {
    const email = 'returning@example.com';
    const supervisor = await loginAs(gw.url, 'supervisor@example.com', TEST_PASSWORD);
    await createAgentAccount(gw, supervisor.token, email, PASSWORD);
    // a cheap older hash, so that ten failures surely fit in the 3 s window on a busy machine
    await setStoredHash(gw, email, scryptHash(PASSWORD, 2 ** 10));
    for (let i = 0; i < 10; i++) expect((await attemptLogin(gw, email, `wrong-${i}`)).status).toBe(401);
    const locked = await attemptLogin(gw, email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.retryAfter).toBeGreaterThanOrEqual(1);
    expect(locked.retryAfter).toBeLessThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, (locked.retryAfter ?? 3) * 1000));
    expect((await attemptLogin(gw, email, PASSWORD)).status).toBe(200);
    // the success upgraded the old hash too
    expect(await storedHash(gw, email)).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await attemptLogin(gw, email, 'wrong-again')).status).toBe(401);
  });
});
