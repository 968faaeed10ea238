// database/raw-find.ts against the real embedded store over TCP: the batches come back as BSON bytes, in order,
// across getMores in one session; a walk left early kills its cursor; a refused find is the store's error.
import { startEmbeddedMongo, type EmbeddedMongo } from '@switchboard/mongo-embedded';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { mongo, Schema, type Connection, type Model } from 'mongoose';
import { rawFind } from '../src/database/raw-find';

interface Item {
  n: number;
  at: Date;
  text: string;
}

describe('rawFind', () => {
  let dataDir: string;
  let store: EmbeddedMongo;
  let connection: Connection;
  let items: Model<Item>;
  const commands: { name: string; lsid?: string }[] = [];
  /** Cursor ids the store said it killed. */
  const killed: unknown[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-raw-find-'));
    store = await startEmbeddedMongo({ port: 0, dbPath: dataDir });
    connection = await mongoose
      .createConnection(`${store.uri}/raw_find`, { monitorCommands: true })
      .asPromise();
    connection.getClient().on('commandStarted', (event) => {
      const lsid = (event.command.lsid as { id?: mongo.Binary } | undefined)?.id?.toString('hex');
      commands.push({ name: event.commandName, lsid });
    });
    connection.getClient().on('commandSucceeded', (event) => {
      if (event.commandName === 'killCursors')
        killed.push(...(event.reply as { cursorsKilled: unknown[] }).cursorsKilled);
    });
    items = connection.model<Item>('Item', new Schema<Item>({ n: Number, at: Date, text: String }));
    await items.init();
    await items.collection.createIndex({ at: 1 });
    await items.insertMany(
      Array.from({ length: 23 }, (_, n) => ({
        n,
        at: new Date(Date.UTC(2030, 0, 1) + n * 60_000),
        text: `第${n}`,
      })),
    );
  });

  afterAll(async () => {
    await connection?.close();
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const since = (n: number) => ({ at: { $gte: new Date(Date.UTC(2030, 0, 1) + n * 60_000) } });
  const options = { projection: { _id: 0, n: 1, text: 1 }, sort: { at: 1 }, batchSize: 5 };

  it('gives every match as BSON bytes, in order, through getMores of one session', async () => {
    commands.length = 0;
    const docs: unknown[] = [];
    for await (const bytes of rawFind(items, since(3), options)) {
      expect(Buffer.isBuffer(bytes)).toBe(true);
      docs.push(mongo.BSON.deserialize(bytes));
    }
    expect(docs).toEqual(Array.from({ length: 20 }, (_, i) => ({ n: i + 3, text: `第${i + 3}` })));
    const used = commands.filter((c) => c.name === 'find' || c.name === 'getMore');
    // 20 matches by 5: the store says the cursor is done with the fourth batch.
    expect(used.map((c) => c.name)).toEqual(['find', 'getMore', 'getMore', 'getMore']);
    expect(new Set(used.map((c) => c.lsid)).size).toBe(1);
  });

  it('kills the cursor of a walk left before its end', async () => {
    commands.length = 0;
    for await (const bytes of rawFind(items, since(0), options)) {
      if (mongo.BSON.deserialize(bytes).n === 6) break;
    }
    expect(commands.map((c) => c.name)).toEqual(['find', 'getMore', 'killCursors']);
    expect(killed).toHaveLength(1);
  });

  it("answers a filter the store refuses with the store's error", async () => {
    const walk = rawFind(items, { n: { $bogus: 1 } }, options);
    await expect(walk.next()).rejects.toThrow(/bogus/);
  });
});
