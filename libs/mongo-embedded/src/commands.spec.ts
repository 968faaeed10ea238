import { Decimal128, Long, MongoServerError, ObjectId } from 'mongodb';
import { AnyDoc, useStore } from './test-support/store-harness';

describe('commands over the official driver', () => {
  const harness = useStore({ fsync: false });
  const db = () => harness().client.db('commands_spec');

  it('answers hello, ping and buildInfo like a 7.0 standalone', async () => {
    const hello = await db().admin().command({ hello: 1 });
    expect(hello).toMatchObject({ isWritablePrimary: true, maxWireVersion: 21, logicalSessionTimeoutMinutes: 30, maxBsonObjectSize: 16 * 1024 * 1024, maxMessageSizeBytes: 48_000_000 });
    expect(typeof hello.connectionId).toBe('number');
    expect(hello.localTime).toBeInstanceOf(Date);
    expect(await db().command({ ping: 1 })).toMatchObject({ ok: 1 });
    expect((await db().admin().command({ buildInfo: 1 })).version).toMatch(/^7\.0\./);
    expect(await db().admin().command({ endSessions: [] })).toMatchObject({ ok: 1 });
    const status = await db().admin().command({ serverStatus: 1 });
    expect(status.connections.current).toBeGreaterThanOrEqual(1);
    expect(status.connections.totalCreated).toBeGreaterThanOrEqual(status.connections.current);
  });

  it('rejects unknown commands with 59 CommandNotFound', async () => {
    await expect(db().command({ frobnicate: 1 })).rejects.toMatchObject({ code: 59, codeName: 'CommandNotFound' });
  });

  it('inserts, finds with filter/sort/skip/limit/projection and pages with getMore', async () => {
    const coll = db().collection<AnyDoc>('people');
    await coll.insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: i, n: i, even: i % 2 === 0, name: `p${i}` })));
    const page = await coll.find({ even: true }, { projection: { name: 1, _id: 0 } }).sort({ n: -1 }).skip(2).limit(3).toArray();
    expect(page).toEqual([{ name: 'p244' }, { name: 'p242' }, { name: 'p240' }]);
    expect((await coll.find({}, { sort: { $natural: -1 }, limit: 2 }).toArray()).map((d) => d._id)).toEqual([249, 248]);
    const cursor = coll.find({}, { batchSize: 7 });
    expect((await cursor.toArray()).length).toBe(250);
    const raw = await db().command({ find: 'people', filter: {}, batchSize: 10 });
    expect(raw.cursor.firstBatch).toHaveLength(10);
    expect(raw.cursor.id).toBeInstanceOf(Long);
    const more = await db().command({ getMore: raw.cursor.id, collection: 'people', batchSize: 5 });
    expect(more.cursor.nextBatch.map((d: { _id: number }) => d._id)).toEqual([10, 11, 12, 13, 14]);
    const killed = await db().command({ killCursors: 'people', cursors: [raw.cursor.id] });
    expect(killed.cursorsKilled).toHaveLength(1);
    await expect(db().command({ getMore: raw.cursor.id, collection: 'people' })).rejects.toMatchObject({ code: 43 });
  });

  it('counts and distincts', async () => {
    const coll = db().collection<AnyDoc>('people');
    expect(await coll.countDocuments({ n: { $lt: 10 } })).toBe(10);
    expect(await coll.estimatedDocumentCount()).toBe(250);
    expect((await coll.distinct('even')).sort()).toEqual([false, true]);
  });

  it('updates with operators, upsert seeding, $setOnInsert, multi and positional/arrayFilters', async () => {
    const coll = db().collection<AnyDoc>('upd');
    await coll.insertMany([{ _id: 1, tags: ['a'], items: [{ k: 1, q: 1 }, { k: 2, q: 1 }], n: 1 }, { _id: 2, n: 1 }]);
    const many = await coll.updateMany({ n: 1 }, { $inc: { n: 2 }, $set: { seen: true } });
    expect(many).toMatchObject({ matchedCount: 2, modifiedCount: 2 });
    await coll.updateOne({ _id: 1, 'items.k': 2 }, { $set: { 'items.$.q': 9 }, $push: { tags: 'b' } } as never);
    await coll.updateOne({ _id: 1 }, { $inc: { 'items.$[i].q': 10 } }, { arrayFilters: [{ 'i.k': 1 }] });
    expect(await coll.findOne({ _id: 1 })).toMatchObject({ tags: ['a', 'b'], items: [{ k: 1, q: 11 }, { k: 2, q: 9 }], n: 3 });
    const up = await coll.updateOne({ email: 'x@y', kind: { $eq: 'lead' } }, { $set: { score: 1 }, $setOnInsert: { created: true } }, { upsert: true });
    expect(up.upsertedId).toBeInstanceOf(ObjectId);
    expect(await coll.findOne({ _id: up.upsertedId as ObjectId })).toMatchObject({ email: 'x@y', kind: 'lead', score: 1, created: true });
    await coll.updateOne({ email: 'x@y' }, { $set: { score: 2 }, $setOnInsert: { created: false } }, { upsert: true });
    expect(await coll.findOne({ email: 'x@y' })).toMatchObject({ score: 2, created: true });
    const noop = await coll.updateOne({ _id: 2 }, { $set: { n: 3 } });
    expect(noop).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    await coll.updateOne({ _id: 2 }, [{ $set: { doubled: { $multiply: ['$n', 2] } } }]);
    expect(await coll.findOne({ _id: 2 })).toMatchObject({ doubled: 6 });
    await coll.replaceOne({ _id: 2 }, { replaced: true });
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, replaced: true });
    await coll.insertOne({ a: 1, _id: 'late' });
    expect(Object.keys((await coll.findOne({ _id: 'late' })) ?? {})).toEqual(['_id', 'a']);
  });

  it('refuses to change _id (66) and rejects bad modifiers (9)', async () => {
    const coll = db().collection<AnyDoc>('upd');
    await expect(coll.updateOne({ _id: 2 }, { $set: { _id: 5 } })).rejects.toMatchObject({ code: 66 });
    await expect(coll.replaceOne({ _id: 2 }, { _id: 7, x: 1 })).rejects.toMatchObject({ code: 66 });
    const res = await db().command({ update: 'upd', updates: [{ q: {}, u: { $frob: { a: 1 } } }] });
    expect(res.writeErrors[0]).toMatchObject({ index: 0, code: 9 });
  });

  it('findAndModify: new/upsert/sort/fields/remove', async () => {
    const coll = db().collection<AnyDoc>('fam');
    await coll.insertMany([{ _id: 1, p: 2, state: 'open' }, { _id: 2, p: 1, state: 'open' }]);
    const first = await coll.findOneAndUpdate({ state: 'open' }, { $set: { state: 'taken' } }, { sort: { p: 1 }, returnDocument: 'after', projection: { state: 1 } });
    expect(first).toEqual({ _id: 2, state: 'taken' });
    const before = await coll.findOneAndUpdate({ _id: 1 }, { $inc: { p: 1 } });
    expect(before).toMatchObject({ p: 2 });
    const upserted = await coll.findOneAndUpdate({ _id: 3 }, { $set: { state: 'new' } }, { upsert: true, returnDocument: 'after' });
    expect(upserted).toEqual({ _id: 3, state: 'new' });
    const removed = await coll.findOneAndDelete({ _id: 3 });
    expect(removed).toEqual({ _id: 3, state: 'new' });
    expect(await coll.countDocuments()).toBe(2);
    const raw = await db().command({ findAndModify: 'fam', query: { _id: 9 }, update: { $set: { a: 1 } }, upsert: true });
    expect(raw.lastErrorObject).toMatchObject({ n: 1, updatedExisting: false, upserted: 9 });
    expect(raw.value).toBeNull();
  });

  it('deletes one or many', async () => {
    const coll = db().collection<AnyDoc>('del');
    await coll.insertMany([{ a: 1 }, { a: 1 }, { a: 2 }]);
    expect((await coll.deleteOne({ a: 1 })).deletedCount).toBe(1);
    expect((await coll.deleteMany({})).deletedCount).toBe(2);
  });

  it('aggregates with $match, $lookup, $group, $sort and $count', async () => {
    const agents = db().collection<AnyDoc>('agents');
    const convs = db().collection<AnyDoc>('convs');
    await agents.insertMany([{ _id: 'a1', name: 'Ann' }, { _id: 'a2', name: 'Bob' }]);
    await convs.insertMany([{ agent: 'a1', open: true }, { agent: 'a1', open: true }, { agent: 'a2', open: true }, { agent: 'a2', open: false }]);
    const perAgent = await convs.aggregate([
      { $match: { open: true } },
      { $group: { _id: '$agent', n: { $sum: 1 } } },
      { $lookup: { from: 'agents', localField: '_id', foreignField: '_id', as: 'agent' } },
      { $unwind: '$agent' },
      { $project: { _id: 0, name: '$agent.name', n: 1 } },
      { $sort: { n: -1 } },
    ]).toArray();
    expect(perAgent).toEqual([{ n: 2, name: 'Ann' }, { n: 1, name: 'Bob' }]);
    expect(await convs.aggregate([{ $match: { open: false } }, { $count: 'closed' }]).toArray()).toEqual([{ closed: 1 }]);
    await expect(convs.aggregate([{ $changeStream: {} }]).toArray()).rejects.toBeInstanceOf(MongoServerError);
  });

  it('manages collections and indexes', async () => {
    await db().createCollection('made');
    await expect(db().createCollection('made')).rejects.toMatchObject({ code: 48 });
    const names = (await db().listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['made', 'people', 'upd']));
    const coll = db().collection<AnyDoc>('made');
    await coll.createIndexes([{ key: { a: 1, b: -1 }, name: 'ab' }, { key: { c: 1 }, unique: true }]);
    expect((await coll.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_', 'ab', 'c_1']);
    await coll.dropIndex('ab');
    await expect(coll.dropIndex('nope')).rejects.toMatchObject({ code: 27 });
    expect((await coll.indexes()).map((i) => i.name)).toEqual(['_id_', 'c_1']);
    await expect(db().command({ drop: 'never-made' })).rejects.toMatchObject({ code: 26 });
    await expect(db().command({ listIndexes: 'never-made' })).rejects.toMatchObject({ code: 26 });
    expect(await coll.drop()).toBe(true);
    await db().collection<AnyDoc>('ghost').updateOne({ a: 1 }, { $set: { b: 1 } }); // matches nothing, no upsert
    await db().collection<AnyDoc>('ghost').deleteMany({});
    expect((await db().listCollections({ name: 'ghost' }).toArray()).length).toBe(0);
    const dbs = await db().admin().listDatabases();
    expect(dbs.databases.map((d) => d.name)).toContain('commands_spec');
    const other = harness().client.db('throwaway');
    await other.collection<AnyDoc>('x').insertOne({ a: 1 });
    await other.dropDatabase();
    expect((await db().admin().listDatabases()).databases.map((d) => d.name)).not.toContain('throwaway');
  });

  it('serves views (read-only) and case-insensitive collation', async () => {
    const src = db().collection<AnyDoc>('words');
    await src.insertMany([{ _id: 1, w: 'Ping', n: 1 }, { _id: 2, w: 'pong', n: 2 }, { _id: 3, w: 'PING', n: 3 }]);
    await db().createCollection('big_words', { viewOn: 'words', pipeline: [{ $match: { n: { $gte: 2 } } }] });
    const view = db().collection<AnyDoc>('big_words');
    expect((await view.find({}).sort({ n: 1 }).toArray()).map((d) => d._id)).toEqual([2, 3]);
    expect(await view.countDocuments()).toBe(2);
    expect(await view.estimatedDocumentCount()).toBe(2);
    await expect(view.insertOne({ w: 'x' })).rejects.toMatchObject({ code: 166 });
    await expect(view.deleteMany({})).rejects.toMatchObject({ code: 166 });
    expect((await db().listCollections({ name: 'big_words' }).toArray())[0]).toMatchObject({ type: 'view' });
    const ci = { collation: { locale: 'en', strength: 2 } };
    expect((await src.find({ w: 'ping' }, ci).toArray()).map((d) => d._id)).toEqual([1, 3]);
    expect((await src.find({ w: { $in: ['PONG'] } }, ci).toArray()).map((d) => d._id)).toEqual([2]);
    expect(await src.distinct('w', {}, ci)).toEqual(['Ping', 'pong']);
    expect(await src.countDocuments({ w: 'ping' })).toBe(0); // without collation: binary comparison
  });

  it('compares and sums Decimal128 and Long values as numbers', async () => {
    const prices = db().collection<AnyDoc>('prices');
    await prices.insertMany([
      { _id: 1, p: Decimal128.fromString('10.5'), q: Long.fromNumber(3) },
      { _id: 2, p: Decimal128.fromString('2.25'), q: Long.fromNumber(40) },
      { _id: 3, p: 7, q: 5 },
    ]);
    expect((await prices.find({ p: { $gt: 5 } }).sort({ p: 1 }).toArray()).map((d) => d._id)).toEqual([3, 1]);
    expect((await prices.find({ p: { $lt: Decimal128.fromString('8') } }).toArray()).map((d) => d._id)).toEqual([2, 3]);
    const [sum] = await prices.aggregate([{ $group: { _id: null, p: { $sum: '$p' }, q: { $sum: '$q' } } }]).toArray();
    expect(sum).toMatchObject({ p: 19.75, q: 48 });
    await prices.updateOne({ _id: 2 }, { $inc: { p: Decimal128.fromString('0.75'), q: Long.fromNumber(2) } });
    expect(await prices.findOne({ _id: 2 })).toMatchObject({ p: 3, q: 42 });
  });

  it('refuses multi-document transactions with 20 IllegalOperation', async () => {
    const session = harness().client.startSession();
    try {
      session.startTransaction();
      // For writes the driver rewrites this server error into its "retryWrites=false" hint, as with a real mongod.
      const err = await db().collection<AnyDoc>('tx').insertOne({ a: 1 }, { session }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MongoServerError);
      expect((err as Error).message).toMatch(/retryable writes/);
      const readErr = await db().collection<AnyDoc>('tx').findOne({}, { session }).catch((e: unknown) => e);
      expect(readErr).toMatchObject({ code: 20, codeName: 'IllegalOperation', message: 'Transaction numbers are only allowed on a replica set member or mongos' });
    } finally {
      await session.endSession();
    }
    expect(await db().collection<AnyDoc>('tx').countDocuments()).toBe(0);
  });
});
