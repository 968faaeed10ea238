import { ObjectId } from 'mongodb';
import { AnyDoc, useStore } from './test-support/store-harness';

describe('sorting', () => {
  const harness = useStore({ fsync: false });
  const coll = () => harness().client.db('sort_spec').collection<AnyDoc>('mixed');
  const oid = new ObjectId('65a000000000000000000001');

  beforeAll(async () => {
    await coll().insertMany([
      { _id: 1, v: 'b' },
      { _id: 2, v: 3 },
      { _id: 3, v: new Date(5) },
      { _id: 4 },
      { _id: 5, v: true },
      { _id: 6, v: oid },
      { _id: 7, v: null },
      { _id: 8, v: -1.5 },
      { _id: 9, v: 'a' },
      { _id: 10, v: false },
    ]);
    const many = harness().client.db('sort_spec').collection<AnyDoc>('many');
    await many.insertMany(Array.from({ length: 500 }, (_, i) => ({ _id: i, g: i % 7, t: new Date(((i * 37) % 101) * 1000), sub: { n: (i * 13) % 17 } })));
  });

  it('orders mixed types the way MongoDB does (null/missing, numbers, strings, ObjectId, booleans, dates)', async () => {
    const asc = (await coll().find({}, { sort: { v: 1, _id: 1 } }).toArray()).map((d) => d._id);
    expect(asc).toEqual([4, 7, 8, 2, 9, 1, 6, 10, 5, 3]);
    const desc = (await coll().find({}, { sort: { v: -1, _id: 1 } }).toArray()).map((d) => d._id);
    expect(desc).toEqual([3, 5, 10, 6, 1, 9, 2, 8, 4, 7]);
  });

  it('gives the same page with skip/limit as slicing the full order (compound keys, dotted paths, ties)', async () => {
    const many = harness().client.db('sort_spec').collection<AnyDoc>('many');
    for (const sort of [{ g: 1, t: -1 }, { 'sub.n': -1 }, { t: 1 }, { g: -1 }] as AnyDoc[]) {
      const full = (await many.find({}, { sort }).toArray()).map((d) => d._id);
      expect(full).toHaveLength(500);
      for (const [skip, limit] of [[0, 5], [10, 20], [490, 20]]) {
        const page = (await many.find({}, { sort, skip, limit }).toArray()).map((d) => d._id);
        expect(page).toEqual(full.slice(skip, skip + limit));
      }
    }
    // Ties keep natural (insertion) order, as a stable sort does.
    const byGroup = (await many.find({ g: 3 }, { sort: { g: 1 }, limit: 4 }).toArray()).map((d) => d._id);
    expect(byGroup).toEqual([3, 10, 17, 24]);
  });

  it('sorts at the head of an aggregation the same way, bounded by $skip/$limit', async () => {
    const many = harness().client.db('sort_spec').collection<AnyDoc>('many');
    const full = (await many.find({ g: { $gte: 2 } }, { sort: { t: -1, _id: 1 } }).toArray()).map((d) => d._id);
    const viaAgg = await many
      .aggregate([{ $match: { g: { $gte: 2 } } }, { $sort: { t: -1, _id: 1 } }, { $skip: 3 }, { $limit: 7 }, { $project: { _id: 1 } }])
      .toArray();
    expect(viaAgg.map((d) => d._id)).toEqual(full.slice(3, 10));
    const top = await many.aggregate([{ $sort: { 'sub.n': 1, _id: -1 } }, { $limit: 3 }]).toArray();
    expect(top.map((d) => d._id)).toEqual((await many.find({}, { sort: { 'sub.n': 1, _id: -1 }, limit: 3 }).toArray()).map((d) => d._id));
  });

  it('sorts arrays by their smallest element ascending and their largest descending, with or without an index', async () => {
    for (const name of ['arrays', 'arrays_indexed']) {
      const arrays = harness().client.db('sort_spec').collection<AnyDoc>(name);
      if (name === 'arrays_indexed') await arrays.createIndex({ a: 1 });
      await arrays.insertMany([{ _id: 1, a: [3, 9] }, { _id: 2, a: [1] }, { _id: 3, a: 2 }, { _id: 4, a: [5, 0, 4] }, { _id: 5, a: 7 }]);
      const ids = async (dir: 1 | -1, limit = 0) => (await arrays.find({}, { sort: { a: dir }, limit }).toArray()).map((d) => d._id);
      expect([name, await ids(1)]).toEqual([name, [4, 2, 3, 1, 5]]);
      expect([name, await ids(-1)]).toEqual([name, [1, 5, 4, 3, 2]]);
      expect([name, await ids(-1, 2)]).toEqual([name, [1, 5]]);
    }
  });
});
