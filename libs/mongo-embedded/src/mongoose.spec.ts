import mongoose, { Schema } from 'mongoose';
import { useStore } from './test-support/store-harness';

interface Counter {
  name: string;
  value: number;
  tags: string[];
}

describe('mongoose against the embedded store', () => {
  const harness = useStore();
  let conn: mongoose.Connection;
  let Counters: mongoose.Model<Counter>;

  beforeAll(async () => {
    conn = await mongoose.createConnection(harness().store.uri + '/mongoose_spec').asPromise();
    const schema = new Schema<Counter>({
      name: { type: String, required: true, unique: true },
      value: { type: Number, default: 0 },
      tags: [String],
    });
    Counters = conn.model<Counter>('Counter', schema);
    await Counters.init();
  });

  afterAll(async () => {
    await conn.close();
  });

  it('creates documents and reads them back sorted and limited', async () => {
    await Counters.create([
      { name: 'c', value: 3 },
      { name: 'a', value: 1 },
      { name: 'b', value: 2 },
    ]);
    const top = await Counters.find().sort({ value: -1 }).limit(2).lean();
    expect(top.map((d) => d.name)).toEqual(['c', 'b']);
  });

  it('increments with findOneAndUpdate and returns the new document', async () => {
    const updated = await Counters.findOneAndUpdate({ name: 'a' }, { $inc: { value: 5 } }, { new: true }).lean();
    expect(updated?.value).toBe(6);
    const again = await Counters.findById(updated?._id).lean();
    expect(again?.value).toBe(6);
  });

  it('reports a duplicate key as E11000 with keyPattern and keyValue', async () => {
    const err = await Counters.create({ name: 'b' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 11000, keyPattern: { name: 1 }, keyValue: { name: 'b' } });
    expect(String((err as Error).message)).toContain('E11000 duplicate key error collection: mongoose_spec.counters index: name_1 dup key: { name: "b" }');
  });

  it('upserts, counts, deletes and lists its unique index', async () => {
    await Counters.updateOne({ name: 'z' }, { $set: { value: 9 }, $push: { tags: 'new' } }, { upsert: true });
    expect(await Counters.countDocuments({ value: { $gte: 3 } })).toBe(3);
    const indexes = await Counters.collection.listIndexes().toArray();
    expect(indexes.find((i) => i.name === 'name_1')).toMatchObject({ unique: true, key: { name: 1 } });
    const res = await Counters.deleteMany({ value: { $lt: 5 } });
    expect(res.deletedCount).toBe(2);
    expect((await Counters.find().lean()).map((d) => d.name).sort()).toEqual(['a', 'z']);
  });
});
