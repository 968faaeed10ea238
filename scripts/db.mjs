#!/usr/bin/env node
// Standalone embedded MongoDB-compatible store (see docs/embedded-store.md):
//   npm run db -- [--port 27017] [--dbpath ./data/db] [--host 127.0.0.1] [--no-fsync] [--max-connections N]
//                 [--auth-file FILE | --auth user:password]          (or DB_AUTH=user:password in the environment)
// Any --host but a loopback address needs authentication (SCRAM-SHA-256): without it, anyone who reaches the port
// could read and change every document.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'libs/mongo-embedded/dist/index.js');

const USAGE = `usage: npm run db -- [options]
  --port N              TCP port (default 27017; 0 picks a free one)
  --host ADDRESS        interface to bind (default 127.0.0.1); anything but loopback requires authentication
  --dbpath DIR          data directory (default ./data/db; kept 0700, its files 0600)
  --auth-file FILE      require SCRAM-SHA-256 as the user:password written in FILE (which must be 0600 or stricter)
  --auth user:password  the same on the command line (visible to other local users in ps: prefer --auth-file)
  --max-connections N   connections accepted at once (default 1000)
  --no-fsync            acknowledge writes before they reach the disk (tests and benchmarks only)
  DB_AUTH=user:password in the environment works like --auth without showing in ps.
Connect with mongodb://user:password@HOST:PORT/switchboard?authSource=admin when authentication is on.`;

function fail(message) {
  console.error(`[db] ${message}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '27017' },
      dbpath: { type: 'string', default: './data/db' },
      host: { type: 'string', default: '127.0.0.1' },
      'no-fsync': { type: 'boolean', default: false },
      auth: { type: 'string' },
      'auth-file': { type: 'string' },
      'max-connections': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail(`${error.message}\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

/** The user:password secret from exactly one of --auth-file, --auth and DB_AUTH, or null for none. */
function readSecret() {
  const sources = [
    values['auth-file'] !== undefined && 'auth-file',
    values.auth !== undefined && 'auth',
    process.env.DB_AUTH !== undefined && 'DB_AUTH',
  ].filter(Boolean);
  if (sources.length > 1) fail(`give the credentials once: ${sources.join(' and ')} were both set`);
  let secret = values.auth ?? process.env.DB_AUTH ?? null;
  delete process.env.DB_AUTH; // nothing this process starts inherits it
  const file = values['auth-file'];
  if (file !== undefined) {
    let stat;
    try {
      stat = statSync(file);
    } catch (error) {
      fail(`cannot read --auth-file ${file}: ${error.code ?? error.message}`);
    }
    if (!stat.isFile()) fail(`--auth-file ${file} is not a file`);
    if ((stat.mode & 0o077) !== 0) {
      fail(`permissions on ${file} are too open (${(stat.mode & 0o777).toString(8)}): other users could read the secret; chmod 600 ${file}`);
    }
    secret = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  }
  if (secret === null) return null;
  const colon = secret.indexOf(':');
  const username = colon > 0 ? secret.slice(0, colon) : '';
  const password = colon > 0 ? secret.slice(colon + 1) : '';
  if (!username || /[,=]/.test(username)) fail("the credentials must read user:password, with a user name free of ',' and '='");
  if ([...password].length < 12) fail('the password must have at least 12 characters (for example: openssl rand -base64 24)');
  return { username, password };
}

const credentials = readSecret();
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port ${values.port} is not a port number`);
const maxConnections = values['max-connections'] === undefined ? undefined : Number(values['max-connections']);
if (maxConnections !== undefined && !(Number.isInteger(maxConnections) && maxConnections > 0)) fail('--max-connections must be a positive integer');

if (!existsSync(dist)) {
  console.log('[db] building @switchboard/mongo-embedded ...');
  execSync('npx nx run @switchboard/mongo-embedded:build', { cwd: root, stdio: 'inherit' });
}

const { startEmbeddedMongo, isLoopback } = createRequire(import.meta.url)(dist);
if (!isLoopback(values.host) && !credentials) {
  fail(
    `refusing to listen on ${values.host} without authentication: anyone who can reach it could read and change every ` +
      'document. Give --auth-file FILE (a 0600 file holding user:password), DB_AUTH=user:password or --auth user:password, ' +
      'or bind 127.0.0.1.',
  );
}
const dbPath = path.resolve(values.dbpath);
let store;
try {
  store = await startEmbeddedMongo({
    port,
    host: values.host,
    dbPath,
    fsync: !values['no-fsync'],
    log: (line) => console.log(`[db] ${line}`),
    ...(credentials ? { auth: credentials } : {}),
    ...(maxConnections ? { limits: { maxConnections } } : {}),
  });
} catch (error) {
  fail(error.message);
}
console.log(`[db] ready: ${store.uri} (data directory ${dbPath})`);
if (credentials) {
  console.log(`[db] authentication required: mongodb://${encodeURIComponent(credentials.username)}:<password>@${store.uri.slice('mongodb://'.length)}/switchboard?authSource=admin`);
}

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
