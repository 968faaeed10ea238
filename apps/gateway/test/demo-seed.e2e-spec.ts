// Issue 10, attack 10 (demo accounts): they shared one salt and hash, and SEED_DEMO printed the password even in
// production. Now each account is hashed with its own salt, and a password is printed only outside production.
import { loginAs, startGatewayProcess, waitFor, type GatewayProcess } from '@switchboard/testing';
import { DEMO_ACCOUNTS } from '../src/users/demo-seed.service';
import { attemptLogin, storedHash } from './support/sign-in';
import { startTestGateway, TEST_PASSWORD } from './support/test-gateway';

/** The output once the banner (printed right after listening, in one write) has arrived. */
const outputAfterBanner = (gateway: GatewayProcess, line: string) =>
  waitFor(() => (gateway.output().includes('is listening on') && gateway.output().includes(line) ? gateway.output() : null), {
    timeoutMs: 10_000,
    what: line,
  });

const PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://chat.example.com',
  JWT_SECRET: 'a-production-secret-of-enough-length-0123456789',
  SEED_DEMO: 'true',
};

describe('demo accounts', () => {
  it('each demo account has its own salt and hash', async () => {
    const gw = await startTestGateway();
    try {
      const hashes = await Promise.all(DEMO_ACCOUNTS.map((account) => storedHash(gw, account.email)));
      expect(new Set(hashes).size).toBe(DEMO_ACCOUNTS.length);
      expect(new Set(hashes.map((hash) => hash.split('$')[4])).size).toBe(DEMO_ACCOUNTS.length);
      for (const hash of hashes) expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
      for (const account of DEMO_ACCOUNTS) expect((await loginAs(gw.url, account.email, TEST_PASSWORD)).user.role).toBe(account.role);
    } finally {
      await gw.close();
    }
  });

  it('outside production without DEMO_PASSWORD, a random password is printed once and works', async () => {
    const gateway = await startGatewayProcess({ env: { DEMO_PASSWORD: '' } });
    try {
      const printed = /password: (\S+) {3}\(shown once/.exec(await outputAfterBanner(gateway, 'shown once'))?.[1];
      expect(printed).toMatch(/^[\w-]{16}$/);
      expect((await loginAs(gateway.url, 'agent1@example.com', printed!)).user.email).toBe('agent1@example.com');
    } finally {
      await gateway.stop();
    }
  });

  it('production, SEED_DEMO=true without DEMO_PASSWORD: nothing is seeded, a clear log line says why, no password is printed', async () => {
    const gateway = await startGatewayProcess({ env: { ...PRODUCTION, DEMO_PASSWORD: '' } });
    try {
      const output = await outputAfterBanner(gateway, 'demo accounts not created: SEED_DEMO=true in production needs DEMO_PASSWORD');
      expect(output).not.toMatch(/password: /);
      expect(output).not.toContain('Demo accounts (created now)');
      expect((await attemptLogin(gateway, 'supervisor@example.com', 'anything-at-all')).status).toBe(401);
    } finally {
      await gateway.stop();
    }
  });

  it('production with DEMO_PASSWORD: the accounts are made and the password is never printed', async () => {
    const password = 'an-operator-chosen-demo-password';
    const gateway = await startGatewayProcess({ env: { ...PRODUCTION, DEMO_PASSWORD: password } });
    try {
      expect(await outputAfterBanner(gateway, 'password: the DEMO_PASSWORD you set')).not.toContain(password);
      expect((await loginAs(gateway.url, 'supervisor@example.com', password)).user.role).toBe('supervisor');
    } finally {
      await gateway.stop();
    }
  });
});
