import { AnyDoc, useStore } from './test-support/store-harness';

// The store keeps decoded documents in a cache shared by every reader: these read the same documents through
// every path that could change or outlive them, and check each read still gives what was committed.
describe('the document cache is invisible', () => {
  const harness = useStore({ fsync: false });
  const db = () => harness().client.db('cache_spec');

  it('serves every read after a write with the written value, through every write path', async () => {
    const coll = db().collection<AnyDoc>('rw');
    await coll.createIndex({ group: 1 });
    await coll.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: i, group: i % 5, n: 0, tags: ['a'] })));
    // Warm the cache through an index walk and a collection walk.
    expect(await coll.countDocuments({ group: 1, n: 0 })).toBe(10);
    expect(await coll.find({ n: 0 }).toArray()).toHaveLength(50);

    await coll.updateMany({ group: 1 }, { $inc: { n: 1 }, $push: { tags: 'b' } } as never);
    await coll.findOneAndUpdate({ _id: 2 }, { $set: { n: 7 } });
    await coll.replaceOne({ _id: 3 }, { group: 3, n: 9, tags: [] });
    await coll.deleteOne({ _id: 4 });
    await coll.bulkWrite([{ updateOne: { filter: { _id: 5 }, update: { $set: { n: 5 } } } }]);

    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, group: 1, n: 1, tags: ['a', 'b'] });
    expect(await coll.findOne({ _id: 2 })).toEqual({ _id: 2, group: 2, n: 7, tags: ['a'] });
    expect(await coll.findOne({ _id: 3 })).toEqual({ _id: 3, group: 3, n: 9, tags: [] });
    expect(await coll.findOne({ _id: 4 })).toBeNull();
    expect(await coll.find({ group: 0 }).sort({ _id: 1 }).toArray()).toEqual(
      [0, 5, 10, 15, 20, 25, 30, 35, 40, 45].map((_id) => ({ _id, group: 0, n: _id === 5 ? 5 : 0, tags: ['a'] })),
    );
  });

  it('hands no reader a document a pipeline changed', async () => {
    const orders = db().collection<AnyDoc>('orders');
    const people = db().collection<AnyDoc>('people');
    await people.insertOne({ _id: 'p1', name: 'Ana', address: { city: 'Lisbon' } });
    await orders.insertOne({ _id: 'o1', person: 'p1', total: 3 });
    expect(await people.findOne({ _id: 'p1' })).toEqual({ _id: 'p1', name: 'Ana', address: { city: 'Lisbon' } });
    expect(await orders.findOne({ _id: 'o1' })).toEqual({ _id: 'o1', person: 'p1', total: 3 });

    const joined = await orders
      .aggregate([
        { $lookup: { from: 'people', localField: 'person', foreignField: '_id', as: 'who' } },
        { $unwind: '$who' },
        { $set: { 'who.address.city': 'changed', total: 99, extra: true } },
        { $unset: 'person' },
      ])
      .toArray();
    expect(joined).toEqual([{ _id: 'o1', total: 99, extra: true, who: { _id: 'p1', name: 'Ana', address: { city: 'changed' } } }]);

    expect(await people.findOne({ _id: 'p1' })).toEqual({ _id: 'p1', name: 'Ana', address: { city: 'Lisbon' } });
    expect(await orders.findOne({ _id: 'o1' })).toEqual({ _id: 'o1', person: 'p1', total: 3 });
  });

  it('forgets a dropped collection', async () => {
    const coll = db().collection<AnyDoc>('dropped');
    await coll.insertOne({ _id: 1, v: 'old' });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, v: 'old' });
    await coll.drop();
    expect(await coll.findOne({ _id: 1 })).toBeNull();
    await coll.insertOne({ _id: 1, v: 'new' });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, v: 'new' });
  });
});
