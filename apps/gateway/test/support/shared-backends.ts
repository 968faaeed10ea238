import { startEmbeddedMongo, type EmbeddedMongo } from '@switchboard/mongo-embedded';
import { freePort, waitFor } from '@switchboard/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** What several gateways share in production: one database and a real redis-server. */
export interface SharedBackends {
  /** For startTestGateway: the shared database, Redis and one JWT secret. */
  env: Record<string, string>;
  store: EmbeddedMongo;
  stop(): Promise<void>;
}

export async function startSharedBackends(): Promise<SharedBackends> {
  const redisPort = await freePort();
  const redis: ChildProcess = spawn(
    '/usr/bin/redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const storeDir = mkdtempSync(path.join(tmpdir(), 'switchboard-shared-db-'));
  const store = await startEmbeddedMongo({ port: 0, dbPath: storeDir });
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  await waitFor(
    async () => {
      const probe = await import('redis').then(({ createClient }) => createClient({ url: redisUrl }));
      try {
        await probe.connect();
        await probe.quit();
        return true;
      } catch {
        return false;
      }
    },
    { timeoutMs: 10_000, what: 'redis-server' },
  );
  return {
    env: {
      MONGODB_URI: `${store.uri}/switchboard`,
      REDIS_URL: redisUrl,
      JWT_SECRET: 'a-shared-secret-for-both-gateways-0123456789',
    },
    store,
    stop: async () => {
      await store.close();
      redis.kill('SIGTERM');
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}
