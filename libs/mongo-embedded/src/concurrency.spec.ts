import { MongoClient, ObjectId } from 'mongodb';
import { useStore } from './test-support/store-harness';

jest.setTimeout(30_000); // real fsyncs under concurrency: slow on a loaded machine

describe('atomicity and cursors', () => {
  const harness = useStore(); // fsync on: replies really wait for the journal

  it('compare-and-set has exactly one winner per document under concurrency', async () => {
    const clients = await Promise.all(Array.from({ length: 3 }, () => MongoClient.connect(harness().store.uri, { maxPoolSize: 20 })));
    try {
      const coll = clients[0].db('cas_spec').collection('conversations');
      const ids = Array.from({ length: 20 }, () => new ObjectId());
      await coll.insertMany(ids.map((_id) => ({ _id, state: 'open' })));
      const attempts = ids.flatMap((_id) =>
        Array.from({ length: 30 }, (_, w) =>
          clients[w % clients.length]
            .db('cas_spec')
            .collection('conversations')
            .findOneAndUpdate({ _id, state: 'open' }, { $set: { state: 'assigned', agent: `w${w}` } }, { returnDocument: 'after' }),
        ),
      );
      const results = await Promise.all(attempts);
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(ids.length);
      expect(new Set(winners.map((w) => String(w?._id))).size).toBe(ids.length);
      for (const doc of await coll.find().toArray()) expect(doc.state).toBe('assigned');
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });

  it('concurrent upserts on one key create exactly one document', async () => {
    const coll = harness().client.db('cas_spec').collection('staff');
    await coll.createIndex({ email: 1 }, { unique: true });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        coll.updateOne({ email: 'lead@x' }, { $setOnInsert: { createdBy: i } }, { upsert: true }),
      ),
    );
    expect(results.reduce((n, r) => n + r.upsertedCount, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.matchedCount, 0)).toBe(39);
    expect(await coll.countDocuments({ email: 'lead@x' })).toBe(1);
  });

  it('streams thousands of documents through getMore in order', async () => {
    const coll = harness().client.db('cas_spec').collection('many');
    const total = 5000;
    await coll.insertMany(Array.from({ length: total }, (_, i) => ({ i, pad: 'x'.repeat(100) })));
    let expected = total - 1;
    let seen = 0;
    for await (const doc of coll.find({}, { batchSize: 333 }).sort({ i: -1 })) {
      expect(doc.i).toBe(expected--);
      seen++;
    }
    expect(seen).toBe(total);
    const grouped = await coll.aggregate([{ $group: { _id: { $mod: ['$i', 10] }, n: { $sum: 1 } } }, { $sort: { _id: 1 } }], { batchSize: 3 }).toArray();
    expect(grouped).toHaveLength(10);
    expect(grouped.every((g) => g.n === total / 10)).toBe(true);
  });
});
