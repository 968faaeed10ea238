// The sign-in and per-address limits hold across gateway nodes: with REDIS_URL the counters live in Redis
// (@nest-lab/throttler-storage-redis), so an attacker spreading attempts over the nodes behind nginx gains nothing.
import { startEmbeddedMongo, type EmbeddedMongo } from '@switchboard/mongo-embedded';
import { freePort, loginAs, waitFor } from '@switchboard/testing';
import { Redis } from 'ioredis';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { attemptLogin, createAgentAccount, post } from './support/sign-in';
import { startTestGateway, TEST_PASSWORD, type TestGateway } from './support/test-gateway';

// Two gateways, a store and redis-server on two shared cores, and each wrong password is a full scrypt: generous.
jest.setTimeout(120_000);

describe('abuse limits across two gateways sharing Redis', () => {
  let redisServer: ChildProcess;
  let redisPort: number;
  let redis: Redis;
  const startRedis = () =>
    spawn('/usr/bin/redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
  let store: EmbeddedMongo;
  let storeDir: string;
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    redisPort = await freePort();
    redisServer = startRedis();
    redis = new Redis(redisPort, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    // The first connect may beat redis-server's start: ioredis then keeps reconnecting by itself (and refuses a second
    // connect()), so wait for it to be ready rather than calling connect() again.
    void redis.connect().catch(() => undefined);
    await waitFor(() => redis.status === 'ready', { timeoutMs: 10_000, what: 'redis-server' });
    storeDir = mkdtempSync(path.join(tmpdir(), 'switchboard-limits-db-'));
    store = await startEmbeddedMongo({ port: 0, dbPath: storeDir });
    const env = {
      MONGODB_URI: `${store.uri}/switchboard`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      JWT_SECRET: 'a-shared-secret-for-both-gateways-0123456789',
      CUSTOMER_AUTH_LIMIT: '4',
    };
    [a, b] = await Promise.all([startTestGateway(env), startTestGateway(env)]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await store?.close();
    redis?.disconnect();
    if (redisServer && redisServer.exitCode === null && redisServer.signalCode === null) {
      const exited = new Promise((resolve) => redisServer.once('exit', resolve));
      redisServer.kill('SIGTERM');
      await exited;
    }
    rmSync(storeDir, { recursive: true, force: true });
  });

  it('failed logins on one node count on the other: 5 + 5 failures lock the account on both', async () => {
    const supervisor = await loginAs(a.url, 'supervisor@example.com', TEST_PASSWORD);
    const email = 'shared@example.com';
    await createAgentAccount(a, supervisor.token, email, 'the-password-1');
    for (let i = 0; i < 5; i++) expect((await attemptLogin(a, email, `wrong-a-${i}`)).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await attemptLogin(b, email, `wrong-b-${i}`)).status).toBe(401);
    // each node saw only 5 failures: only a shared counter refuses now
    for (const node of [a, b]) {
      const refused = await attemptLogin(node, email, 'the-password-1');
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toBeGreaterThan(800);
    }
    // the counters are in Redis, under hashed e-mails (no e-mail address is stored there)
    const keys = await redis.keys('*switchboard:limit:login-account:*');
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toContain('shared@example.com');
  });

  it('the per-address customer token limit is shared too', async () => {
    const statuses = [];
    for (const node of [a, b, a, b, a, b]) statuses.push((await post(`${node.url}/api/auth/customer`, {})).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  it('while Redis is gone, sign-in still answers, counting on the node itself; then Redis counts again', async () => {
    redisServer.kill('SIGKILL');
    await waitFor(() => redis.status !== 'ready', { timeoutMs: 5000, what: 'redis down' });
    const answers = [];
    for (let i = 0; i < 11; i++) answers.push((await attemptLogin(a, 'fallback@example.com', 'wrong-password')).status);
    expect(answers).toEqual([...Array(10).fill(401), 429]);
    expect((await attemptLogin(a, 'agent1@example.com', TEST_PASSWORD)).status).toBe(200);

    redisServer = startRedis();
    await waitFor(() => redis.status === 'ready', { timeoutMs: 15_000, what: 'redis back' });
    await waitFor(
      async () => {
        await attemptLogin(b, 'after-outage@example.com', 'wrong-password');
        return (await redis.keys('*switchboard:limit:login-account:fail:*')).length > 0;
      },
      { timeoutMs: 20_000, intervalMs: 500, what: 'counters back in Redis' },
    );
  });
});
