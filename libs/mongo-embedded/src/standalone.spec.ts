// `npm run db` (scripts/db.mjs) as an operator runs it (issue 10, attack 1): a non-loopback --host without
// authentication is refused before anything listens; with --auth-file (or DB_AUTH) the secret stays out of `ps` and
// the store answers only clients that passed SCRAM-SHA-256; one catastrophic regular expression no longer holds the
// process while other connections wait.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { buildLibrary } from './test-support/built-library';
import { tempDir } from './test-support/store-harness';

const DB_SCRIPT = path.resolve(__dirname, '../../../scripts/db.mjs');
const SECRET = 'switchboard:a long random secret 7f3a9c';

interface DbProcess {
  child: ChildProcess;
  output: () => string;
  /** The `ready:` URI, or rejects with the output when the process exits first. */
  ready: Promise<string>;
  exited: Promise<number | null>;
}

function runDb(args: string[], env: Record<string, string> = {}): DbProcess {
  const child = spawn(process.execPath, [DB_SCRIPT, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`store did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /ready: (mongodb:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`store exited with ${code}:\n${out}`));
    });
  });
  ready.catch(() => undefined);
  return { child, output: () => out, ready, exited };
}

async function stop(db: DbProcess): Promise<void> {
  if (db.child.exitCode === null && db.child.signalCode === null) db.child.kill('SIGKILL');
  await db.exited;
}

/** An address of this machine other than loopback, when it has one. */
function lanAddress(): string[] {
  const all = Object.values(os.networkInterfaces()).flat();
  const found = all.find((a) => a && a.family === 'IPv4' && !a.internal);
  return found ? [found.address] : [];
}

describe('npm run db', () => {
  let dir: string;

  beforeAll(() => buildLibrary());
  beforeEach(() => {
    dir = tempDir('sb-db-');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses a non-loopback --host without --auth, with a clear error and a non-zero exit', async () => {
    for (const host of ['0.0.0.0', '::', '10.20.30.40', ...lanAddress()]) {
      const db = runDb(['--host', host, '--port', '0', '--dbpath', path.join(dir, 'db')]);
      expect(await db.exited).toBe(2);
      expect(db.output()).toContain(`refusing to listen on ${host} without authentication`);
      expect(fs.existsSync(path.join(dir, 'db'))).toBe(false); // refused before opening anything
    }
  }, 60_000);

  it('refuses an --auth-file other users can read', async () => {
    const file = path.join(dir, 'db-auth');
    fs.writeFileSync(file, SECRET);
    fs.chmodSync(file, 0o644);
    const db = runDb(['--host', '0.0.0.0', '--port', '0', '--dbpath', path.join(dir, 'db'), '--auth-file', file]);
    expect(await db.exited).toBe(2);
    expect(db.output()).toContain('too open');
  });

  it('serves authenticated clients only, with the secret from a 0600 file that ps does not show', async () => {
    const file = path.join(dir, 'db-auth');
    fs.writeFileSync(file, `${SECRET}\n`, { mode: 0o600 });
    const db = runDb(['--host', '0.0.0.0', '--port', '0', '--dbpath', path.join(dir, 'db'), '--auth-file', file]);
    try {
      const port = new URL((await db.ready).replace('mongodb://', 'http://')).port;
      expect(fs.readFileSync(`/proc/${db.child.pid}/cmdline`, 'utf8')).not.toContain('random secret');
      const [user, password] = [SECRET.slice(0, SECRET.indexOf(':')), SECRET.slice(SECRET.indexOf(':') + 1)];
      const admin = await MongoClient.connect(
        `mongodb://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/switchboard?authSource=admin&authMechanism=SCRAM-SHA-256`,
      );
      const anonymous = await MongoClient.connect(`mongodb://127.0.0.1:${port}/switchboard`);
      try {
        await admin.db('switchboard').collection('users').insertOne({ email: 'supervisor@example.com', passwordHash: 'scrypt$...' });
        await expect(anonymous.db('switchboard').collection('users').find().toArray()).rejects.toMatchObject({ code: 13, codeName: 'Unauthorized' });
        await expect(anonymous.db('switchboard').collection('users').insertOne({ email: 'mallory@example.com', role: 'supervisor' })).rejects.toMatchObject({ code: 13 });
        expect(await admin.db('switchboard').collection('users').countDocuments()).toBe(1);
        const wrong = await MongoClient.connect(`mongodb://${user}:wrong-password-123@127.0.0.1:${port}/switchboard?authSource=admin`).catch((e: unknown) => e);
        expect(wrong).toMatchObject({ code: 18, codeName: 'AuthenticationFailed' });
      } finally {
        await anonymous.close();
        await admin.close();
      }
    } finally {
      await stop(db);
    }
  }, 60_000);

  it('takes the secret from DB_AUTH too', async () => {
    const db = runDb(['--port', '0', '--dbpath', path.join(dir, 'db')], { DB_AUTH: SECRET });
    try {
      const uri = await db.ready;
      const password = SECRET.slice(SECRET.indexOf(':') + 1);
      const client = await MongoClient.connect(uri.replace('mongodb://', `mongodb://switchboard:${encodeURIComponent(password)}@`) + '/?authSource=admin');
      expect(await client.db('app').collection('c').countDocuments()).toBe(0);
      await client.close();
    } finally {
      await stop(db);
    }
  }, 60_000);

  it('answers a catastrophic regular expression at once and keeps serving another connection meanwhile', async () => {
    const db = runDb(['--port', '0', '--dbpath', path.join(dir, 'db'), '--no-fsync']);
    try {
      const uri = await db.ready;
      // Were the pattern run with backtracking, these would never return: the socket timeout turns that into a failure.
      const attacker = await MongoClient.connect(uri, { socketTimeoutMS: 20_000 });
      const bystander = await MongoClient.connect(uri, { socketTimeoutMS: 20_000 });
      try {
        const evil = attacker.db('app').collection('evil');
        await evil.insertOne({ s: 'a'.repeat(30_000) + 'b' });
        let pings = 0;
        let done = false;
        const pinging = (async () => {
          while (!done && pings < 100_000) {
            await bystander.db('admin').command({ ping: 1 });
            pings++;
          }
        })();
        const started = Date.now();
        for (let i = 0; i < 5; i++) expect(await evil.countDocuments({ s: { $regex: '^(a+)+$' } })).toBe(0);
        const elapsed = Date.now() - started;
        done = true;
        await pinging;
        expect(elapsed).toBeLessThan(10_000); // against never finishing
        expect(pings).toBeGreaterThan(0);
      } finally {
        await attacker.close();
        await bystander.close();
      }
    } finally {
      await stop(db);
    }
  }, 60_000);
});
