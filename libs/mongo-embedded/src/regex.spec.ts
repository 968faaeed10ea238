// Regular expressions run on RE2 (issue 10, attack 1: `{ $regex: '^(a+)+$' }` against 'aaaa…b' held the event loop
// for seconds under JavaScript's backtracking engine). Catastrophic patterns are answered at once (here in-process,
// and in standalone.spec.ts against `npm run db` while another connection is served); ordinary patterns still match
// what MongoDB matches; what RE2 cannot run is refused with MongoDB's error instead of being run with backtracking.
import fs from 'node:fs';
import { BSONRegExp } from 'bson';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from './index';
import { type AnyDoc, tempDir, useStore } from './test-support/store-harness';

const FRUIT = ['Apple', 'apple pie', 'banana\nApple', 'APPLE', 'grape', 'pine\napple'];

describe('regular expressions', () => {
  const harness = useStore({ fsync: false });
  const db = () => harness().client.db('regex_spec');
  const names = async (filter: object) =>
    (await db().collection('fruit').find(filter, { projection: { _id: 0, name: 1 } }).toArray()).map((d) => d.name as string).sort();

  beforeAll(async () => {
    await db().collection('fruit').insertMany(FRUIT.map((name) => ({ name, tags: name.split(/\s/) })));
    await db().collection('evil').insertOne({ s: 'a'.repeat(10_000) + 'b' });
  });

  it('answers catastrophic patterns in every place a pattern can go', async () => {
    // Backtracking would take 2^10000 steps for each; RE2 is linear in the input.
    const evil = db().collection('evil');
    expect(await evil.countDocuments({ s: { $regex: '^(a+)+$' } })).toBe(0);
    expect(await evil.countDocuments({ s: /^(a|aa)+$/ })).toBe(0);
    expect(await evil.countDocuments({ s: { $in: [/^(a+)+$/, /^(.*a){12}$/] } })).toBe(0);
    expect(await evil.countDocuments({ s: { $not: { $regex: '^(a+)+$' } } })).toBe(1);
    expect(await evil.countDocuments({ $expr: { $regexMatch: { input: '$s', regex: '^(a+)+$' } } })).toBe(0);
    const [{ all }] = await evil.aggregate([{ $project: { all: { $regexFindAll: { input: '$s', regex: '(a+)+b' } } } }]).toArray();
    expect(all).toHaveLength(1);
  });

  it('matches like MongoDB: case, anchors, multiline, dotall, extended, $in, $not and $all', async () => {
    expect(await names({ name: { $regex: '^apple', $options: 'i' } })).toEqual(['APPLE', 'Apple', 'apple pie']);
    expect(await names({ name: /^apple/im })).toEqual(['APPLE', 'Apple', 'apple pie', 'banana\nApple', 'pine\napple']);
    expect(await names({ name: /^apple$/ })).toEqual([]);
    expect(await names({ name: { $regex: 'apple$', $options: 'm' } })).toEqual(['pine\napple']);
    expect(await names({ name: { $regex: 'banana.apple', $options: 'is' } })).toEqual(['banana\nApple']);
    expect(await names({ name: { $regex: 'banana.apple', $options: 'i' } })).toEqual([]);
    expect(await names({ name: { $regex: '^ a p p l e # spaces and this comment are ignored\n $', $options: 'xi' } })).toEqual(['APPLE', 'Apple']);
    expect(await names({ name: new BSONRegExp('^ap ple', 'x') })).toEqual(['apple pie']);
    expect(await names({ name: { $in: [/^gr/, 'APPLE'] } })).toEqual(['APPLE', 'grape']);
    expect(await names({ name: { $nin: [/a/] } })).toEqual(['APPLE', 'Apple']);
    expect(await names({ name: { $not: /p/i } })).toEqual([]);
    expect(await names({ tags: { $all: [/^app/, /^pie$/] } })).toEqual(['apple pie']);
    expect(await names({ tags: { $elemMatch: { $regex: '^PIE', $options: 'i' } } })).toEqual(['apple pie']);
  });

  it('evaluates $regexMatch, $regexFind and $regexFindAll as MongoDB does', async () => {
    const [out] = await db()
      .collection('fruit')
      .aggregate([
        { $match: { name: 'apple pie' } },
        {
          $project: {
            _id: 0,
            match: { $regexMatch: { input: '$name', regex: /PIE/i } },
            first: { $regexFind: { input: '😀 apple pie', regex: '(p)(x)?(ie)' } },
            all: { $regexFindAll: { input: '$name', regex: 'p+' } },
            none: { $regexFind: { input: '$name', regex: 'z' } },
          },
        },
      ])
      .toArray();
    expect(out).toEqual({
      match: true,
      first: { match: 'pie', idx: 8, captures: ['p', null, 'ie'] }, // idx in code points: the emoji counts once
      all: [
        { match: 'pp', idx: 1, captures: [] },
        { match: 'p', idx: 6, captures: [] },
      ],
      none: null,
    });
    expect(await names({ $expr: { $regexMatch: { input: '$name', regex: '^g' } } })).toEqual(['grape']);
  });

  it('runs $pull conditions and update filters on RE2 too', async () => {
    const coll = db().collection<AnyDoc>('pull');
    await coll.insertOne({ _id: 1, tags: ['red', 'Reed', 'blue'] });
    await coll.updateOne({ tags: /^bl/ }, { $pull: { tags: { $regex: '^re+d$', $options: 'i' } } } as never); // the driver's types omit this form
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, tags: ['blue'] });
  });

  it('refuses what RE2 cannot run with MongoDB’s invalid-regex error, and bad options and overlong patterns too', async () => {
    const find = (filter: object) => db().collection('fruit').find(filter).toArray();
    for (const pattern of ['(a)\\1', '(?=a)b', '(?!a)b', '(?<=a)b', 'a++', '(unclosed']) {
      await expect(find({ name: { $regex: pattern } })).rejects.toMatchObject({ code: 51091, codeName: 'Location51091' });
    }
    await expect(find({ name: new BSONRegExp('(?=a)b', '') })).rejects.toMatchObject({ code: 51091 });
    await expect(find({ name: { $regex: 'a'.repeat(16_385) } })).rejects.toMatchObject({ code: 51091, errmsg: expect.stringMatching(/longer than the limit/) });
    await expect(find({ name: { $regex: 'a', $options: 'g' } })).rejects.toMatchObject({ code: 51108 });
    await expect(find({ name: { $regex: /a/i, $options: 'm' } })).rejects.toMatchObject({ code: 51075 });
    await expect(db().collection('fruit').aggregate([{ $project: { m: { $regexMatch: { input: '$name', regex: '(a)\\1' } } } }]).toArray()).rejects.toMatchObject({
      code: 51111,
    });
    // The connection survives every refusal.
    expect(await names({ name: 'grape' })).toEqual(['grape']);
  });

  it('stores a regular expression value as it matches (x applied), the same across a restart', async () => {
    const dir = tempDir();
    const rules = [new BSONRegExp('a b # c', 'ix'), new BSONRegExp('^x.y$', 'ms')];
    try {
      for (const round of [1, 2]) {
        const store = await startEmbeddedMongo({ port: 0, dbPath: dir, fsync: false });
        const client = await MongoClient.connect(store.uri);
        try {
          const coll = client.db('regex_spec', { bsonRegExp: true }).collection<AnyDoc>('values');
          if (round === 1) await coll.insertOne({ _id: 1, rules });
          const doc = await coll.findOne({ _id: 1 });
          expect((doc?.rules as BSONRegExp[]).map((r) => [r.pattern, r.options])).toEqual([['ab', 'i'], ['^x.y$', 'ms']]);
          expect(await coll.countDocuments({ rules: { $eq: new BSONRegExp('^x.y$', 'ms') } })).toBe(1); // equal to a stored value
        } finally {
          await client.close();
          await store.close();
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
