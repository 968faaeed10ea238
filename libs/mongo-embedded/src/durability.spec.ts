import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { EmbeddedMongo, startEmbeddedMongo } from './index';
import { JOURNAL_FILE, SNAPSHOT_FILE } from './storage/storage';
import { buildLibrary } from './test-support/built-library';
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

// Restarts and compaction do real fsyncs; give each test room on a loaded machine.
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

  it('compacts into a snapshot and replays snapshot plus journal', async () => {
    const dir = fresh();
    await withStore(dir, async (client) => {
      const c = client.db('d').collection<AnyDoc>('c');
      for (let i = 0; i < 20; i++) await c.insertOne({ _id: i, pad: 'y'.repeat(200) });
      await c.createIndex({ k: 1 }, { unique: true, sparse: true });
      await c.insertOne({ _id: 'after', k: 1 });
    }, { compactAfterBytes: 2048 });
    expect(fs.existsSync(path.join(dir, SNAPSHOT_FILE))).toBe(true);
    expect(fs.statSync(path.join(dir, JOURNAL_FILE)).size).toBeLessThan(4096);
    await withStore(dir, async (client) => {
      const c = client.db('d').collection<AnyDoc>('c');
      expect(await c.countDocuments()).toBe(21);
      await expect(c.insertOne({ k: 1 })).rejects.toMatchObject({ code: 11000 });
    });
  });

  it('keeps writes acknowledged while compactions run between group commits', async () => {
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
    }, { compactAfterBytes: 16 * 1024 });
    expect(fs.existsSync(path.join(dir, SNAPSHOT_FILE))).toBe(true);
    await withStore(dir, async (client) => {
      const c = client.db('d').collection<AnyDoc>('busy');
      expect(await c.countDocuments()).toBe(acked.length);
      expect(await c.countDocuments({ touched: true })).toBe(200);
      await expect(c.insertOne({ k: 'k5' })).rejects.toMatchObject({ code: 11000 });
    });
  });

  it('stops replay at a torn or corrupt tail and truncates it', async () => {
    const dir = fresh();
    await withStore(dir, async (client) => {
      await client.db('d').collection<AnyDoc>('c').insertMany([{ _id: 1 }, { _id: 2 }]);
    });
    const journal = path.join(dir, JOURNAL_FILE);
    const intact = fs.statSync(journal).size;
    fs.appendFileSync(journal, Buffer.from([200, 0, 0, 0, 1, 2, 3, 4, 5, 6])); // torn record: header promises 200 bytes
    await withStore(dir, async (client) => {
      expect(await client.db('d').collection<AnyDoc>('c').countDocuments()).toBe(2);
    });
    expect(fs.statSync(journal).size).toBe(intact);
    // Flip a byte inside the last record: its checksum fails, so it and nothing before it is dropped.
    await withStore(dir, async (client) => {
      await client.db('d').collection<AnyDoc>('c').insertOne({ _id: 3 });
    });
    const bytes = fs.readFileSync(journal);
    bytes[bytes.length - 3] ^= 0xff;
    fs.writeFileSync(journal, bytes);
    await withStore(dir, async (client) => {
      expect((await client.db('d').collection<AnyDoc>('c').find().toArray()).map((d) => d._id)).toEqual([1, 2]);
      await client.db('d').collection<AnyDoc>('c').insertOne({ _id: 4 });
    });
    await withStore(dir, async (client) => {
      expect((await client.db('d').collection<AnyDoc>('c').find().toArray()).map((d) => d._id)).toEqual([1, 2, 4]);
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

  it('keeps every acknowledged write after kill -9 in the middle of concurrent writes', async () => {
    buildLibrary();
    const dir = fresh();
    const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'test-support/crash-child.js'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
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
      });
      const client = await MongoClient.connect(`mongodb://127.0.0.1:${port}`, { maxPoolSize: 32, serverSelectionTimeoutMS: 2000 });
      const acked: number[] = [];
      let next = 0;
      let killed = false;
      const writer = async () => {
        while (!killed && next < 20_000) {
          const id = next++;
          try {
            await client.db('crash').collection<AnyDoc>('c').insertOne({ _id: id, body: 'z'.repeat(64) });
            acked.push(id);
          } catch {
            return; // the server died under us
          }
        }
      };
      const writers = Array.from({ length: 16 }, writer);
      const deadline = Date.now() + 10_000;
      while (acked.length < 400 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      killed = true;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited; // until then the pid still holds the lock
      await Promise.all(writers);
      await client.close(true).catch(() => undefined);
      expect(acked.length).toBeGreaterThan(0);
      await withStore(dir, async (restarted) => {
        const ids = new Set((await restarted.db('crash').collection<AnyDoc>('c').find({}, { projection: { _id: 1 } }).toArray()).map((d) => d._id));
        const missing = acked.filter((id) => !ids.has(id));
        expect(missing).toEqual([]);
        await restarted.db('crash').collection<AnyDoc>('c').insertOne({ _id: 'after-crash' });
      });
      await withStore(dir, async (again) => {
        expect(await again.db('crash').collection<AnyDoc>('c').findOne({ _id: 'after-crash' })).not.toBeNull();
      });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000); // builds the library and runs a child process: slow on a loaded machine
});
