// Data files are the owner's alone (issue 10, attack 8: the data file was 0644 and a local user read password hashes):
// the data directory is 0700 and every file the store writes 0600 whatever the umask, and modes left wider by an
// earlier version are tightened when the store opens.
import fs from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from './index';
import { tempDir } from './test-support/store-harness';

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('file modes of the data directory', () => {
  let root: string;
  let umask: number;

  beforeEach(() => {
    root = tempDir('sb-modes-');
    umask = process.umask();
  });

  afterEach(() => {
    process.umask(umask);
    fs.rmSync(root, { recursive: true, force: true });
  });

  for (const mask of [0o022, 0o000]) {
    it(`creates the directory 0700 and the LMDB files, lock and socket 0600 under umask ${mask.toString(8).padStart(3, '0')}`, async () => {
      process.umask(mask);
      const dbPath = path.join(root, 'data', 'db');
      const store = await startEmbeddedMongo({ port: 0, dbPath, unixSocketPath: path.join(dbPath, 'store.sock') });
      const client = await MongoClient.connect(store.uri);
      try {
        await client.db('app').collection('users').insertMany([{ name: 'a' }, { name: 'b' }]);
        expect(modeOf(dbPath)).toBe(0o700);
        expect(modeOf(path.join(root, 'data'))).toBe(0o700); // created as a parent: owner-only too
        const files = fs.readdirSync(dbPath);
        expect(files.sort()).toEqual(['mongod.lock', 'store.mdb', 'store.mdb-lock', 'store.sock']);
        for (const file of files) expect([file, modeOf(path.join(dbPath, file))]).toEqual([file, 0o600]);
      } finally {
        await client.close();
        await store.close();
      }
    });
  }

  it('tightens a directory and files left world-readable', async () => {
    const dbPath = path.join(root, 'db');
    const first = await startEmbeddedMongo({ port: 0, dbPath });
    await first.close();
    fs.chmodSync(dbPath, 0o755);
    fs.chmodSync(path.join(dbPath, 'store.mdb'), 0o644);
    fs.chmodSync(path.join(dbPath, 'store.mdb-lock'), 0o664);
    fs.writeFileSync(path.join(dbPath, 'journal.bin.pre-lmdb'), 'left by an upgrade', { mode: 0o666 });
    fs.chmodSync(path.join(dbPath, 'journal.bin.pre-lmdb'), 0o666);
    const again = await startEmbeddedMongo({ port: 0, dbPath });
    try {
      expect(modeOf(dbPath)).toBe(0o700);
      expect(modeOf(path.join(dbPath, 'store.mdb'))).toBe(0o600);
      expect(modeOf(path.join(dbPath, 'store.mdb-lock'))).toBe(0o600);
      expect(modeOf(path.join(dbPath, 'journal.bin.pre-lmdb'))).toBe(0o600);
    } finally {
      await again.close();
    }
  });

  it('refuses a Unix socket in a directory other users can enter', async () => {
    const open = path.join(root, 'shared');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o755);
    await expect(startEmbeddedMongo({ tcp: false, dbPath: path.join(root, 'db'), unixSocketPath: path.join(open, 'store.sock') })).rejects.toThrow(
      /open to other users/,
    );
  });
});
