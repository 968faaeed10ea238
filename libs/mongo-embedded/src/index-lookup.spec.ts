import { ObjectId } from 'mongodb';
import { AnyDoc, useStore } from './test-support/store-harness';

describe('index-served lookups agree with a full scan', () => {
  const harness = useStore({ fsync: false });
  const db = () => harness().client.db('lookup_spec');

  beforeAll(async () => {
    const indexed = db().collection<AnyDoc>('indexed');
    await indexed.createIndex({ conv: 1, seq: 1 });
    await indexed.createIndex(
      { email: 1 },
      { unique: true, partialFilterExpression: { email: { $type: 'string' } } },
    );
    await indexed.createIndex({ phone: 1 }, { sparse: true });
    await indexed.createIndex({ tags: 1 });
    const oid = new ObjectId('65a000000000000000000001');
    const docs: AnyDoc[] = [];
    for (let i = 0; i < 60; i++) {
      const doc: AnyDoc = {
        _id: i,
        conv: i % 3 === 0 ? oid : `c${i % 4}`,
        seq: i % 5,
        tags: [`t${i % 3}`, `u${i % 2}`],
      };
      if (i % 2 === 0) doc.email = `user${i}@x`;
      if (i % 5 === 0) doc.phone = i % 10 === 0 ? null : `p${i % 3}`;
      docs.push(doc);
    }
    await indexed.insertMany(docs);
    await db().collection('plain').insertMany(docs);
    // Updates must move index entries too.
    for (const c of ['indexed', 'plain']) {
      await db()
        .collection<AnyDoc>(c)
        .updateMany({ seq: 4 }, { $set: { conv: 'moved' } });
      // ...including into and out of a partial or sparse index, array entries, and fields no index reads.
      await db()
        .collection<AnyDoc>(c)
        .updateOne({ _id: 1 }, { $set: { email: 'late@x' } });
      await db()
        .collection<AnyDoc>(c)
        .updateOne({ _id: 2 }, { $set: { email: 42 } });
      await db()
        .collection<AnyDoc>(c)
        .updateOne({ _id: 5 }, { $unset: { phone: '' } });
      await db()
        .collection<AnyDoc>(c)
        .updateOne({ _id: 6 }, { $addToSet: { tags: 'pushed' } });
      await db()
        .collection<AnyDoc>(c)
        .updateMany({ seq: 1 }, { $inc: { counter: 1 }, $set: { note: 'unindexed' } });
      await db().collection<AnyDoc>(c).deleteMany({ seq: 3, conv: 'c1' });
    }
  });

  const filters: AnyDoc[] = [
    { conv: 'c1' },
    { conv: new ObjectId('65a000000000000000000001') },
    { conv: 'c2', seq: 2 },
    { conv: { $in: ['c1', 'moved'] }, seq: { $gte: 1 } },
    { conv: 'moved' },
    { email: 'user4@x' },
    { email: null },
    { email: { $in: ['user2@x', 'user8@x'] } },
    { email: 'late@x' },
    { email: 'user2@x' },
    { tags: 'pushed' },
    { seq: 1, tags: 'u1' },
    { phone: 'p1' },
    { phone: null },
    { tags: 't1' },
    { tags: ['t1', 'u1'] },
    { tags: { $eq: 'u0' }, seq: 0 },
    { seq: 2 },
  ];

  it('explains which lookups an index or _id serves', async () => {
    const coll = db().collection<AnyDoc>('indexed');
    const plan = async (filter: AnyDoc) => (await coll.find(filter).explain('executionStats')) as AnyDoc;
    const byConv = await plan({ conv: 'c2', seq: 2 });
    expect(byConv.queryPlanner.winningPlan).toMatchObject({
      stage: 'FETCH',
      inputStage: { stage: 'IXSCAN', indexName: 'conv_1_seq_1' },
    });
    expect(byConv.executionStats.totalDocsExamined).toBeLessThan(10);
    expect((await plan({ _id: 7 })).queryPlanner.winningPlan.stage).toBe('IDHACK');
    expect((await plan({ email: 'user4@x' })).queryPlanner.winningPlan.inputStage.indexName).toBe('email_1');
    expect((await plan({ email: null })).queryPlanner.winningPlan.stage).toBe('COLLSCAN'); // partial index cannot answer null
    expect((await plan({ seq: 2 })).queryPlanner.winningPlan.stage).toBe('COLLSCAN');
    expect((await plan({ seq: 2 })).executionStats.totalDocsExamined).toBe(await coll.countDocuments());
  });

  it('serves countDocuments (an aggregation with a leading $match) through the same lookups', async () => {
    for (const filter of filters) {
      expect(await db().collection<AnyDoc>('indexed').countDocuments(filter)).toBe(
        await db().collection<AnyDoc>('plain').countDocuments(filter),
      );
    }
  });

  it('answers the count command with skip and limit as a scan does (covered ranges counted up to the limit)', async () => {
    const count = async (coll: string, query: AnyDoc, skip: number, limit: number) =>
      (await db().command({ count: coll, query, skip, limit })).n;
    for (const filter of filters)
      for (const [skip, limit] of [
        [0, 1],
        [0, 3],
        [2, 2],
        [1, 1000],
        [40, 5],
      ])
        expect([JSON.stringify(filter), skip, limit, await count('indexed', filter, skip, limit)]).toEqual([
          JSON.stringify(filter),
          skip,
          limit,
          await count('plain', filter, skip, limit),
        ]);
  });

  it.each(filters.map((f) => [JSON.stringify(f), f]))('%s', async (_name, filter) => {
    const sortById = { sort: { _id: 1 as const } };
    const viaIndex = await db().collection<AnyDoc>('indexed').find(filter, sortById).toArray();
    const viaScan = await db().collection<AnyDoc>('plain').find(filter, sortById).toArray();
    expect(viaIndex).toEqual(viaScan);
  });
});
