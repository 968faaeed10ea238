import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { EmbeddedMongo, startEmbeddedMongo } from './index';
import { buildLibrary } from './test-support/built-library';
import { seededRandom } from './test-support/seeded-random';
import { AnyDoc, tempDir } from './test-support/store-harness';

async function withStore<T>(dbPath: string, fn: (client: MongoClient, store: EmbeddedMongo) => Promise<T>, opts = {}): Promise<T> {
  const store = await startEmbeddedMongo({ port: 0, dbPath, ...opts });
  const client = await MongoClient.connect(store.uri);
  try {
    return await fn(client, store);
  } finally {
    await client.close();
    await store.close();
  }
}

// Restarts and commits do real fsyncs; give each test room on a loaded machine.
jest.setTimeout(30_000);

describe('durability', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = tempDir();
    dirs.push(d);
    return d;
  };
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('keeps documents, indexes and collection metadata across a restart', async () => {
    const dir = fresh();
    await withStore(dir, async (client) => {
      const c = client.db('d').collection<AnyDoc>('users');
      await c.createIndex({ email: 1 }, { unique: true });
      await c.insertMany([{ _id: 1, email: 'a' }, { _id: 2, email: 'b' }, { _id: 3, email: 'c' }]);
      await c.updateOne({ _id: 1 }, { $set: { email: 'a2' } });
      await c.deleteOne({ _id: 3 });
      await client.db('d').collection<AnyDoc>('gone').insertOne({ x: 1 });
      await client.db('d').collection<AnyDoc>('gone').drop();
    });
    await withStore(dir, async (client) => {
      const c = client.db('d').collection<AnyDoc>('users');
      expect(await c.find().sort({ _id: 1 }).toArray()).toEqual([{ _id: 1, email: 'a2' }, { _id: 2, email: 'b' }]);
      await expect(c.insertOne({ email: 'b' })).rejects.toMatchObject({ code: 11000 });
      expect((await client.db('d').listCollections().toArray()).map((x) => x.name)).toEqual(['users']);
    });
  });

  it('keeps every write acknowledged by concurrent writers (shared commits) across a restart', async () => {
    const dir = fresh();
    const acked: number[] = [];
    await withStore(dir, async (client) => {
      const c = client.db('d').collection<AnyDoc>('busy');
      await c.createIndex({ k: 1 }, { unique: true });
      let next = 0;
      await Promise.all(
        Array.from({ length: 12 }, async () => {
          while (next < 600) {
            const id = next++;
            await c.insertOne({ _id: id, k: `k${id}`, pad: 'p'.repeat(300) });
            if (id % 3 === 0) await c.updateOne({ _id: id }, { $set: { touched: true } });
            acked.push(id);
          }
        }),
      );
    });
    await withStore(dir, async (client) => {
      const c = client.db('d').collection<AnyDoc>('busy');
      expect(await c.countDocuments()).toBe(acked.length);
      expect(await c.countDocuments({ touched: true })).toBe(200);
      await expect(c.insertOne({ k: 'k5' })).rejects.toMatchObject({ code: 11000 });
    });
  });

  /** A fresh directory whose lock file names `pid`. */
  const lockedBy = (pid: number) => {
    const dir = fresh();
    fs.writeFileSync(path.join(dir, 'mongod.lock'), String(pid));
    return dir;
  };

  it('refuses a second store on a locked directory and takes over a stale lock', async () => {
    const dir = fresh();
    const store = await startEmbeddedMongo({ port: 0, dbPath: dir });
    try {
      await expect(startEmbeddedMongo({ port: 0, dbPath: dir })).rejects.toThrow(/already open in this process/);
      // Another live node process holding the lock.
      const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
      try {
        await expect(startEmbeddedMongo({ port: 0, dbPath: lockedBy(holder.pid as number) })).rejects.toThrow(/in use by process/);
      } finally {
        holder.kill('SIGKILL');
      }
    } finally {
      await store.close();
    }
    // A pid that has surely exited: a finished child's.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    fs.writeFileSync(path.join(dir, 'mongod.lock'), String(dead.pid));
    const again = await startEmbeddedMongo({ port: 0, dbPath: dir });
    await again.close();
    // Our own pid in a lock we do not hold: an earlier incarnation (container restart), taken over.
    const reborn = await startEmbeddedMongo({ port: 0, dbPath: lockedBy(process.pid) });
    await reborn.close();
  });

  /** Starts the built store in a child process on `dir`; resolves with the child and its port. */
  const startChild = async (dir: string): Promise<{ child: ChildProcess; port: number }> => {
    const child = spawn(process.execPath, [path.join(__dirname, 'test-support/crash-child.js'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('child did not start')), 15_000);
      let out = '';
      child.stdout?.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /PORT (\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => reject(new Error(`child exited with ${String(code)}`)));
    });
    return { child, port };
  };

  it('keeps every acknowledged write through repeated kill -9 at random moments of concurrent writes', async () => {
    buildLibrary();
    const dir = fresh();
    const random = seededRandom(20261202); // replayable kill moments
    const ackedInserts = new Set<number>();
    /** Per counter document, the highest value an acknowledged $inc returned. */
    const ackedCounts = new Map<number, number>();
    let next = 0;
    const ROUNDS = 8;
    for (let round = 0; round < ROUNDS; round++) {
      const { child, port } = await startChild(dir);
      try {
        const client = await MongoClient.connect(`mongodb://127.0.0.1:${port}`, { maxPoolSize: 32, serverSelectionTimeoutMS: 2000 });
        const c = client.db('crash').collection<AnyDoc>('c');
        const counters = client.db('crash').collection<AnyDoc>('counters');
        let killed = false;
        const writer = async (w: number) => {
          while (!killed) {
            const id = next++;
            try {
              if (id % 4 === 0) {
                const r = await counters.findOneAndUpdate({ _id: w % 4 }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' });
                ackedCounts.set(w % 4, Math.max(ackedCounts.get(w % 4) ?? 0, r?.n as number));
              } else {
                await c.insertOne({ _id: id, body: 'z'.repeat(64 + (id % 200)) });
                ackedInserts.add(id);
              }
            } catch {
              return; // the server died under us
            }
          }
        };
        const writers = Array.from({ length: 16 }, (_, w) => writer(w));
        // Kill after a random amount of acknowledged work (or a bounded wait on a slow machine).
        const target = ackedInserts.size + 20 + Math.floor(random() * 300);
        const deadline = Date.now() + 5_000;
        while (ackedInserts.size < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1 + random() * 5));
        killed = true;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited; // until then the pid still holds the lock
        await Promise.all(writers);
        await client.close(true).catch(() => undefined);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
    }
    expect(ackedInserts.size).toBeGreaterThan(ROUNDS * 20);
    await withStore(dir, async (restarted) => {
      const ids = new Set((await restarted.db('crash').collection<AnyDoc>('c').find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
      expect([...ackedInserts].filter((id) => !ids.has(id))).toEqual([]);
      for (const [id, n] of ackedCounts) {
        const doc = await restarted.db('crash').collection<AnyDoc>('counters').findOne({ _id: id });
        expect([id, (doc?.n as number) >= n]).toEqual([id, true]);
      }
      await restarted.db('crash').collection<AnyDoc>('c').insertOne({ _id: 'after-crash' });
    });
    await withStore(dir, async (again) => {
      expect(await again.db('crash').collection<AnyDoc>('c').findOne({ _id: 'after-crash' })).not.toBeNull();
    });
  }, 120_000); // builds the library and restarts a child process eight times: slow on a loaded machine
});
