// A data directory written by the earlier journal/snapshot engine (test-support/legacy-store, made by that code) is
// converted into LMDB on first open: every document, index and database is there, and the old files are set aside.
import fs from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from './index';
import { CONVERSION_MARKER } from './storage/legacy-conversion';
import { LmdbStore } from './storage/lmdb-store';
import { AnyDoc, tempDir } from './test-support/store-harness';

const FIXTURE = path.join(__dirname, 'test-support/legacy-store');

async function open<T>(dbPath: string, fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const store = await startEmbeddedMongo({ port: 0, dbPath, fsync: false });
  const client = await MongoClient.connect(store.uri);
  try {
    return await fn(client);
  } finally {
    await client.close();
    await store.close();
  }
}

describe('conversion of the old journal/snapshot format', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('sb-legacy-');
    for (const f of ['snapshot.bin', 'journal.bin']) fs.copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const expectEverything = async (client: MongoClient) => {
    const sb = client.db('switchboard');
    const conversations = await sb.collection<AnyDoc>('conversations').find({}, { sort: { number: 1 } }).toArray();
    expect(conversations.map((c) => c.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(conversations[2]).toMatchObject({ number: 3, status: 'closed', tags: ['t3', 'all'], createdAt: new Date('2026-01-01T00:03:00Z') });
    expect(await sb.collection('messages').countDocuments()).toBe(99);
    expect(await sb.collection('messages').findOne({ conversationId: 10, seq: 10 })).toBeNull();
    expect(await sb.collection<AnyDoc>('messages').findOne({ conversationId: 4, seq: 7 }, { projection: { _id: 0 } })).toEqual({
      conversationId: 4,
      seq: 7,
      text: 'message 7 of 4',
      createdAt: new Date('2026-01-01T00:04:07Z'),
    });
    expect(await client.db('other').collection<AnyDoc>('things').findOne({ _id: 'thing' })).toEqual({ _id: 'thing', n: 42, nested: { a: [1, 2, { b: null }] } });
    // The unique indexes came along and are enforced.
    await expect(sb.collection<AnyDoc>('conversations').insertOne({ number: 5 })).rejects.toMatchObject({ code: 11000 });
    await expect(sb.collection<AnyDoc>('messages').insertOne({ conversationId: 1, seq: 1 })).rejects.toMatchObject({ code: 11000 });
    const explained = await sb.collection('messages').find({ conversationId: 2, seq: { $gte: 3 } }).explain();
    expect(explained.queryPlanner.winningPlan.inputStage).toMatchObject({ stage: 'IXSCAN', indexName: 'conversationId_1_seq_1' });
  };

  it('opens it once, converts everything into LMDB and sets the old files aside', async () => {
    await open(dir, expectEverything);
    expect(fs.readdirSync(dir).sort()).toEqual(['journal.bin.pre-lmdb', 'snapshot.bin.pre-lmdb', 'store.mdb', 'store.mdb-lock']);
    // The second open reads LMDB only.
    await open(dir, async (client) => {
      await expectEverything(client);
      await client.db('switchboard').collection('messages').insertOne({ conversationId: 10, seq: 10, text: 'again' });
    });
    await open(dir, async (client) => expect(await client.db('switchboard').collection('messages').countDocuments()).toBe(100));
  });

  it('finishes the renames after a crash that came after the conversion was committed', async () => {
    await open(dir, async () => undefined);
    for (const f of ['snapshot.bin', 'journal.bin']) fs.renameSync(path.join(dir, `${f}.pre-lmdb`), path.join(dir, f));
    await open(dir, async (client) => {
      await client.db('switchboard').collection('messages').deleteMany({ conversationId: 1 });
    });
    expect(fs.existsSync(path.join(dir, 'journal.bin'))).toBe(false);
    // Not replayed again: the delete made after the conversion stays.
    await open(dir, async (client) => expect(await client.db('switchboard').collection('messages').countDocuments()).toBe(89));
  });

  it('starts over from an empty store when a conversion was interrupted before it was committed', async () => {
    await open(dir, async () => undefined);
    // As if the process died mid-conversion: the old files still in place, no marker, part of the data in LMDB.
    for (const f of ['snapshot.bin', 'journal.bin']) fs.renameSync(path.join(dir, `${f}.pre-lmdb`), path.join(dir, f));
    const store = LmdbStore.open({ dir, fsync: false, log: () => undefined });
    await store.write(() => store.catalog.removeSync(CONVERSION_MARKER));
    await store.close();
    await open(dir, async (client) => {
      await client.db('switchboard').collection('messages').deleteMany({ conversationId: 1 });
    });
    await open(dir, async (client) => {
      await expect(client.db('switchboard').collection('messages').countDocuments()).resolves.toBe(89);
      await expect(client.db('switchboard').collection('conversations').countDocuments()).resolves.toBe(10);
    });
  });
});
