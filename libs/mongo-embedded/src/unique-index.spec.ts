import { MongoBulkWriteError } from 'mongodb';
import { AnyDoc, useStore } from './test-support/store-harness';

const E11000 = { code: 11000 };

describe('unique indexes on every write path', () => {
  const harness = useStore({ fsync: false });
  const coll = () => harness().client.db('unique_spec').collection<AnyDoc>('users');

  beforeAll(async () => {
    await coll().createIndex({ email: 1 }, { unique: true });
    await coll().createIndex({ org: 1, handle: 1 }, { unique: true, sparse: true, name: 'org_handle' });
    await coll().createIndex({ phone: 1 }, { unique: true, sparse: true });
    await coll().createIndex({ code: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await coll().insertMany([
      { _id: 1, email: 'a@x', org: 1, handle: 'ann', phone: '111' },
      { _id: 2, email: 'b@x', org: 1, handle: 'bob' },
    ]);
  });

  it('insert: duplicate _id and duplicate unique field', async () => {
    await expect(coll().insertOne({ _id: 1, email: 'new@x' })).rejects.toMatchObject({ ...E11000, keyPattern: { _id: 1 }, keyValue: { _id: 1 } });
    const err = await coll().insertOne({ email: 'a@x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ ...E11000, keyPattern: { email: 1 }, keyValue: { email: 'a@x' } });
    expect((err as Error).message).toBe('E11000 duplicate key error collection: unique_spec.users index: email_1 dup key: { email: "a@x" }');
  });

  it('compound, sparse and partial indexes', async () => {
    await expect(coll().insertOne({ email: 'c@x', org: 1, handle: 'ann' })).rejects.toMatchObject({ ...E11000, keyPattern: { org: 1, handle: 1 } });
    await coll().insertOne({ email: 'c@x', org: 2, handle: 'ann' }); // other org: fine
    await coll().insertOne({ email: 'd@x' }); // no phone: sparse index skips it
    await expect(coll().insertOne({ email: 'e@x', phone: '111' })).rejects.toMatchObject(E11000);
    await coll().insertMany([{ email: 'f@x', code: 'Z' }, { email: 'g@x', code: 'Z' }]); // inactive: outside the partial index
    await coll().insertOne({ email: 'h@x', code: 'Z', active: true });
    await expect(coll().insertOne({ email: 'i@x', code: 'Z', active: true })).rejects.toMatchObject(E11000);
  });

  it('update, replace and upsert', async () => {
    await expect(coll().updateOne({ _id: 2 }, { $set: { email: 'a@x' } })).rejects.toMatchObject(E11000);
    await expect(coll().replaceOne({ _id: 2 }, { email: 'a@x' })).rejects.toMatchObject(E11000);
    await expect(coll().updateOne({ email: 'zz@x' }, { $set: { org: 1, handle: 'bob' } }, { upsert: true })).rejects.toMatchObject(E11000);
    // Like mongod, a multi-update is atomic per document only: the first match is changed, the second fails.
    await expect(coll().updateMany({ org: 1 }, { $set: { email: 'same@x' } })).rejects.toMatchObject(E11000);
    expect(await coll().findOne({ _id: 1 })).toMatchObject({ email: 'same@x' });
    await coll().updateOne({ _id: 1 }, { $set: { email: 'a@x' } });
    expect(await coll().findOne({ _id: 2 })).toMatchObject({ email: 'b@x' });
    await coll().updateOne({ _id: 2 }, { $set: { email: 'b2@x' } });
    await coll().insertOne({ email: 'b@x' }); // the old value is free again
  });

  it('findAndModify, with and without upsert', async () => {
    await expect(coll().findOneAndUpdate({ _id: 2 }, { $set: { email: 'a@x' } })).rejects.toMatchObject(E11000);
    await expect(coll().findOneAndUpdate({ email: 'a@x', x: 1 }, { $set: { y: 1 } }, { upsert: true })).rejects.toMatchObject(E11000);
    await expect(coll().findOneAndReplace({ _id: 2 }, { email: 'a@x' })).rejects.toMatchObject(E11000);
  });

  it('bulk writes report writeErrors, ordered stops and unordered continues', async () => {
    const ordered = await coll().bulkWrite([{ insertOne: { document: { email: 'k1@x' } } }, { insertOne: { document: { email: 'a@x' } } }, { insertOne: { document: { email: 'k2@x' } } }]).catch((e: unknown) => e);
    expect(ordered).toBeInstanceOf(MongoBulkWriteError);
    expect((ordered as MongoBulkWriteError).writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
    expect(await coll().countDocuments({ email: { $in: ['k1@x', 'k2@x'] } })).toBe(1);
    const unordered = (await coll().insertMany([{ email: 'u1@x' }, { email: 'a@x' }, { email: 'u2@x' }, { email: 'b2@x' }], { ordered: false }).catch((e: unknown) => e)) as MongoBulkWriteError;
    expect(unordered.writeErrors).toMatchObject([{ index: 1, code: 11000 }, { index: 3, code: 11000 }]);
    expect(unordered.insertedCount).toBe(2);
  });

  it('refuses to build a unique index over duplicate data', async () => {
    await coll().insertMany([{ email: 'q1@x', team: 't' }, { email: 'q2@x', team: 't' }]);
    await expect(coll().createIndex({ team: 1 }, { unique: true })).rejects.toMatchObject(E11000);
    expect((await coll().indexes()).map((i) => i.name)).not.toContain('team_1');
  });
});
