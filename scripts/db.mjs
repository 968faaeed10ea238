#!/usr/bin/env node
// Standalone embedded MongoDB-compatible store: `npm run db -- --port 27017 --dbpath ./data/db [--host 127.0.0.1] [--no-fsync]`.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'libs/mongo-embedded/dist/index.js');

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '27017' },
    dbpath: { type: 'string', default: './data/db' },
    host: { type: 'string', default: '127.0.0.1' },
    'no-fsync': { type: 'boolean', default: false },
  },
});

if (!existsSync(dist)) {
  console.log('[db] building @switchboard/mongo-embedded ...');
  execSync('npx nx run @switchboard/mongo-embedded:build', { cwd: root, stdio: 'inherit' });
}

const { startEmbeddedMongo } = createRequire(import.meta.url)(dist);
const dbPath = path.resolve(values.dbpath);
const store = await startEmbeddedMongo({
  port: Number(values.port),
  host: values.host,
  dbPath,
  fsync: !values['no-fsync'],
  log: (line) => console.log(`[db] ${line}`),
});
console.log(`[db] ready: ${store.uri} (data directory ${dbPath})`);

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`[db] ${signal}: flushing journal and stopping`);
  await store.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
