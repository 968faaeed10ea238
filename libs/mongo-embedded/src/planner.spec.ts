// Ordered indexes answer ranges, sorts (both directions) and compound prefixes, as `explain` shows, and always give the
// same documents in the same order as a collection scan of an unindexed copy (seeded random queries).
import { BSON, Binary, Code, Decimal128, Double, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'mongodb';
import { sortKey } from './engine/key-encoding';
import { AnyDoc, useStore } from './test-support/store-harness';
import { seededRandom } from './test-support/seeded-random';

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 0, 1);

describe('ordered indexes and the planner', () => {
  const harness = useStore({ fsync: false });
  const db = () => harness().client.db('planner_spec');
  const indexed = () => db().collection<AnyDoc>('messages');
  const plain = () => db().collection<AnyDoc>('plain');

  beforeAll(async () => {
    await indexed().createIndex({ conversationId: 1, seq: 1 }, { unique: true });
    await indexed().createIndex({ createdAt: 1 });
    await indexed().createIndex({ status: 1, createdAt: -1 });
    await indexed().createIndex({ tags: 1 });
    await indexed().createIndex({ score: -1 });
    const next = seededRandom(7);
    const docs: AnyDoc[] = [];
    for (let c = 0; c < 40; c++) {
      for (let s = 1; s <= 25; s++) {
        const i = c * 25 + s;
        const doc: AnyDoc = {
          _id: new ObjectId(i.toString(16).padStart(24, '0')),
          conversationId: `c${String(c).padStart(3, '0')}`,
          seq: s,
          createdAt: new Date(BASE + Math.floor(next() * 30 * DAY)),
          status: ['open', 'closed', 'queued'][Math.floor(next() * 3)],
          tags: Array.from({ length: Math.floor(next() * 4) }, () => `t${Math.floor(next() * 6)}`),
          score: next() < 0.1 ? 'high' : Math.floor(next() * 100) - 50,
        };
        if (next() < 0.1) delete doc.score;
        docs.push(doc);
      }
    }
    await indexed().insertMany(docs);
    await plain().insertMany(docs);
  });

  const plan = async (filter: AnyDoc, sort?: AnyDoc, limit?: number) => {
    let cursor = indexed().find(filter);
    if (sort) cursor = cursor.sort(sort);
    if (limit) cursor = cursor.limit(limit);
    return (await cursor.explain('executionStats')) as AnyDoc;
  };
  /** The IXSCAN under FETCH (and LIMIT), or null. */
  const ixscan = (explained: AnyDoc): AnyDoc | null => {
    let stage = explained.queryPlanner.winningPlan;
    while (stage && stage.stage !== 'IXSCAN') stage = stage.inputStage;
    return stage ?? null;
  };
  const hasSortStage = (explained: AnyDoc) =>
    JSON.stringify(explained.queryPlanner.winningPlan).includes('"SORT"');

  it('walks an index range for $gte/$lt on one field and examines only what it returns', async () => {
    const filter = { createdAt: { $gte: new Date(BASE + 3 * DAY), $lt: new Date(BASE + 4 * DAY) } };
    const explained = await plan(filter);
    expect(ixscan(explained)).toMatchObject({ indexName: 'createdAt_1', direction: 'forward' });
    expect(explained.executionStats.totalDocsExamined).toBe(explained.executionStats.nReturned);
    expect(await indexed().countDocuments(filter)).toBe(await plain().countDocuments(filter));
    expect(await indexed().countDocuments(filter)).toBeGreaterThan(0);
  });

  it('looks a pinned `_id` up at once, whatever other indexed fields the filter holds; updates and no-ops alike', async () => {
    const id = new ObjectId((7 * 25 + 3).toString(16).padStart(24, '0'));
    const doc = (await indexed().findOne({ _id: id }))!;
    // A compare-and-set filter: every other field is indexed too (and the unique compound index is fully pinned).
    const filter = { _id: id, conversationId: doc.conversationId, seq: doc.seq, status: doc.status, createdAt: doc.createdAt };
    const explained = await plan(filter, { score: -1 });
    expect(JSON.stringify(explained.queryPlanner.winningPlan)).toContain('"IDHACK"');
    expect(explained.executionStats).toMatchObject({ nReturned: 1, totalDocsExamined: 1 });
    expect(await indexed().find({ ...filter, seq: doc.seq + 1 }).toArray()).toEqual([]);
    // An update that changes nothing is no modification; values whose old keys joined alike still differ.
    const coll = db().collection<AnyDoc>('no_ops');
    await coll.insertOne({ _id: 1, tags: ['a,sb'], nested: { x: [1, { y: 'z' }] } });
    expect(await coll.updateOne({ _id: 1 }, { $set: { nested: { x: [1, { y: 'z' }] } } })).toMatchObject({ matchedCount: 1, modifiedCount: 0 });
    expect(await coll.updateOne({ _id: 1 }, { $set: { tags: ['a', 'b'] } })).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await coll.updateOne({ _id: 1 }, { $set: { 'nested.x.1': { y: 'z' } } })).toMatchObject({ modifiedCount: 0 });
    expect(await coll.findOne({ _id: 1 })).toEqual({ _id: 1, tags: ['a', 'b'], nested: { x: [1, { y: 'z' }] } });
  });

  it('gives a sort from the index walk in both directions, stopping at the limit', async () => {
    for (const [dir, direction] of [
      [1, 'forward'],
      [-1, 'backward'],
    ] as const) {
      const explained = await plan({}, { createdAt: dir }, 5);
      expect(ixscan(explained)).toMatchObject({ indexName: 'createdAt_1', direction });
      expect(hasSortStage(explained)).toBe(false);
      expect(explained.executionStats.totalDocsExamined).toBe(5);
    }
    // A descending index field read against its direction.
    expect(ixscan(await plan({}, { score: 1 }, 3))).toMatchObject({
      indexName: 'score_-1',
      direction: 'backward',
    });
  });

  it('uses a compound prefix: equality, then a range and the order of the next field', async () => {
    const history = await plan({ conversationId: 'c007', seq: { $lt: 20 } }, { seq: -1 }, 10);
    expect(ixscan(history)).toMatchObject({ indexName: 'conversationId_1_seq_1', direction: 'backward' });
    expect(hasSortStage(history)).toBe(false);
    expect(history.executionStats.totalDocsExamined).toBe(10);
    const page = await indexed()
      .find({ conversationId: 'c007', seq: { $lt: 20 } }, { sort: { seq: -1 }, limit: 10 })
      .toArray();
    expect(page.map((d) => d.seq)).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
    // Equality on the first field of { status: 1, createdAt: -1 } and its order on the second, both ways.
    const closed = await plan({ status: 'closed' }, { createdAt: -1 }, 20);
    expect(ixscan(closed)).toMatchObject({ indexName: 'status_1_createdAt_-1', direction: 'forward' });
    expect(closed.executionStats.totalDocsExamined).toBe(20);
    expect(ixscan(await plan({ status: 'closed' }, { createdAt: 1 }, 20))).toMatchObject({
      direction: 'backward',
    });
    // $in over the prefix: several ranges, no order from the walk.
    const several = await plan({ conversationId: { $in: ['c001', 'c002'] }, seq: { $gte: 24 } });
    expect(ixscan(several)).toMatchObject({ indexName: 'conversationId_1_seq_1' });
    expect(several.executionStats.nReturned).toBe(4);
    // The second field alone is no prefix: a scan.
    expect((await plan({ seq: 3 })).queryPlanner.winningPlan.stage).toBe('COLLSCAN');
  });

  it('explains aggregate with a leading $match and $sort the same way', async () => {
    const explained = (await indexed()
      .aggregate([{ $match: { conversationId: 'c003' } }, { $sort: { seq: -1 } }, { $limit: 2 }])
      .explain()) as AnyDoc;
    expect(ixscan(explained)).toMatchObject({ indexName: 'conversationId_1_seq_1', direction: 'backward' });
    const docs = await indexed()
      .aggregate([{ $match: { conversationId: 'c003' } }, { $sort: { seq: -1 } }, { $limit: 2 }])
      .toArray();
    expect(docs.map((d) => d.seq)).toEqual([25, 24]);
  });

  it('answers random ranges, $in, sorts and limits exactly like a scan of an unindexed copy', async () => {
    const next = seededRandom(99);
    const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
    const date = () => new Date(BASE + Math.floor(next() * 32 * DAY) - DAY);
    const clauses: (() => AnyDoc)[] = [
      () => ({ createdAt: { [pick(['$gt', '$gte'])]: date(), [pick(['$lt', '$lte'])]: date() } }),
      () => ({ createdAt: { [pick(['$gt', '$gte', '$lt', '$lte'])]: date() } }),
      () => ({
        conversationId: pick(['c001', 'c010', 'c039', 'none']),
        seq: { [pick(['$gt', '$gte', '$lt', '$lte'])]: Math.floor(next() * 27) },
      }),
      () => ({ conversationId: { $in: ['c002', 'c020', 'c030'].slice(0, 1 + Math.floor(next() * 3)) } }),
      () => ({ status: pick(['open', 'closed']), createdAt: { $lt: date() } }),
      () => ({ tags: { $gte: pick(['t1', 't3']), $lt: pick(['t4', 't9']) } }),
      () => ({ tags: pick(['t0', 't5']) }),
      () => ({ score: { [pick(['$gt', '$lt'])]: Math.floor(next() * 100) - 50 } }),
      () => ({ score: { $gte: 'a' } }),
      () => ({}),
    ];
    const sorts: (AnyDoc | undefined)[] = [
      undefined,
      { createdAt: 1 },
      { createdAt: -1 },
      { seq: -1 },
      { score: 1 },
      { score: -1 },
      { tags: 1 },
      { tags: -1 },
    ];
    for (let i = 0; i < 100; i++) {
      const filter = pick(clauses)();
      const sort = pick(sorts);
      const limit = pick([0, 0, 3, 20]);
      const run = async (c: typeof plain) => {
        let cursor = c().find(filter);
        if (sort) cursor = cursor.sort(sort);
        if (limit) cursor = cursor.limit(limit);
        return cursor.toArray();
      };
      const [viaIndex, viaScan] = await Promise.all([run(indexed), run(plain)]);
      const label = JSON.stringify({ filter, sort, limit });
      if (limit === 0) {
        // Same documents (which ones a limit without a sort keeps is unspecified); with a sort, the same sequence of
        // sort values (ties may come in another order).
        expect([label, viaIndex.map((d) => String(d._id)).sort()]).toEqual([
          label,
          viaScan.map((d) => String(d._id)).sort(),
        ]);
      }
      if (sort) {
        // What each document sorts by (for an array its smallest or largest element), as bytes.
        const values = (docs: AnyDoc[]) =>
          docs.map((d) => sortKey(d, Object.entries(sort) as [string, number][]).toString('hex'));
        expect([label, viaIndex.length, values(viaIndex)]).toEqual([label, viaScan.length, values(viaScan)]);
      } else expect([label, viaIndex.length]).toEqual([label, viaScan.length]);
      expect(await indexed().countDocuments(filter)).toBe(await plain().countDocuments(filter));
    }
  }, 60_000); // 400 queries, half of them scans: slow on a loaded machine

  it('intersects a multikey index for $all: only documents holding every value are read, in the index order', async () => {
    // The gateway's search shape: {searchKeys: rarest, $and: [{searchKeys: {$all: rest}}]} on {searchKeys, conversationId: -1, seq}.
    const keyed = db().collection<AnyDoc>('keyed');
    const keyedPlain = db().collection<AnyDoc>('keyed_plain');
    await keyed.createIndex({ keys: 1, conversationId: -1, seq: 1 });
    const next = seededRandom(11);
    const vocabulary = ['refund', 'shoes', 'order', 'late', 'rare', 10, 2.5];
    const weights = [0.5, 0.2, 0.6, 0.3, 0.02, 0.2, 0.1];
    const docs: AnyDoc[] = [];
    for (let c = 0; c < 60; c++) {
      for (let s = 1; s <= 20; s++) {
        docs.push({
          conversationId: `k${String(c).padStart(3, '0')}`,
          seq: s,
          keys: vocabulary.filter((_, i) => next() < weights[i]),
        });
      }
    }
    await keyed.insertMany(docs.map((d) => ({ ...d })));
    await keyedPlain.insertMany(docs.map((d) => ({ ...d })));
    const sort = { conversationId: -1, seq: 1 } as const;
    const queries: AnyDoc[] = [
      { keys: 'shoes', $and: [{ keys: { $all: ['refund'] } }] },
      { keys: 'rare', $and: [{ keys: { $all: ['refund', 'order'] } }] },
      { keys: 'late', $and: [{ keys: { $all: [10, 'shoes'] } }] },
      { keys: 'refund', $and: [{ keys: { $all: ['refund'] } }] },
      { keys: 'order', $and: [{ keys: 'late' }, { keys: { $all: [2.5] } }] },
      {
        keys: 'shoes',
        conversationId: { $in: ['k003', 'k010', 'k041'] },
        $and: [{ keys: { $all: ['order'] } }],
      },
      { keys: 'shoes', $and: [{ keys: { $all: ['nowhere'] } }] },
    ];
    for (const filter of queries) {
      const label = JSON.stringify(filter);
      const viaIndex = await keyed.find(filter).sort(sort).toArray();
      const viaScan = await keyedPlain.find(filter).sort(sort).toArray();
      const rows = (found: AnyDoc[]) => found.map((d) => `${d.conversationId}/${d.seq}`);
      expect([label, rows(viaIndex)]).toEqual([label, rows(viaScan)]);
      const explained = (await keyed.find(filter).sort(sort).explain('executionStats')) as AnyDoc;
      expect([label, explained.executionStats.totalDocsExamined]).toEqual([label, viaScan.length]);
    }
    expect(
      (await keyed.find({ keys: 'shoes', $and: [{ keys: { $all: ['refund'] } }] }).toArray()).length,
    ).toBeGreaterThan(20);
    // Backwards (against the index) the documents are read and tested as before: the same answer.
    const backwards = { keys: 'shoes', $and: [{ keys: { $all: ['refund'] } }] };
    const reversed = { conversationId: 1, seq: -1 } as const;
    expect((await keyed.find(backwards).sort(reversed).toArray()).map((d) => d.seq)).toEqual(
      (await keyedPlain.find(backwards).sort(reversed).toArray()).map((d) => d.seq),
    );
  });
  it('walks many $in values in index order for a sort that follows them, and stops at the limit', async () => {
    // The gateway's scoped search: {searchKeys: k, conversationId: {$in: readable}} sorted {conversationId: -1, seq: 1}.
    const keyed = db().collection<AnyDoc>('scoped');
    const keyedPlain = db().collection<AnyDoc>('scoped_plain');
    await keyed.createIndex({ keys: 1, conversationId: -1, seq: 1 });
    const next = seededRandom(5);
    const docs: AnyDoc[] = [];
    for (let c = 0; c < 50; c++)
      for (let s = 1; s <= 10; s++)
        docs.push({
          conversationId: `s${String(c).padStart(3, '0')}`,
          seq: s,
          keys: ['a', 'b', 'c'].filter(() => next() < 0.5),
        });
    await keyed.insertMany(docs.map((d) => ({ ...d })));
    await keyedPlain.insertMany(docs.map((d) => ({ ...d })));
    const scope = Array.from({ length: 50 }, (_, c) => `s${String(c).padStart(3, '0')}`).filter(
      () => next() < 0.4,
    );
    const filter = { keys: 'b', conversationId: { $in: scope } };
    const rows = (found: AnyDoc[]) => found.map((d) => `${d.conversationId}/${d.seq}`);
    for (const sort of [
      { conversationId: -1, seq: 1 },
      { conversationId: 1, seq: -1 },
    ] as AnyDoc[]) {
      const label = JSON.stringify(sort);
      expect([label, rows(await keyed.find(filter).sort(sort).toArray())]).toEqual([
        label,
        rows(await keyedPlain.find(filter).sort(sort).toArray()),
      ]);
      const explained = (await keyed.find(filter).sort(sort).limit(5).explain('executionStats')) as AnyDoc;
      expect([label, hasSortStage(explained), explained.executionStats.totalDocsExamined]).toEqual([
        label,
        false,
        5,
      ]);
    }
    // A sort the $in values do not lead (seq alone) is still sorted in memory, and right.
    const bySeq = { seq: 1, conversationId: 1 } as const;
    expect(rows(await keyed.find(filter).sort(bySeq).toArray())).toEqual(
      rows(await keyedPlain.find(filter).sort(bySeq).toArray()),
    );
    expect(hasSortStage((await keyed.find(filter).sort(bySeq).explain('executionStats')) as AnyDoc)).toBe(
      true,
    );
    // Sorting by the multikey field itself cannot follow the walk (a document sorts by its smallest element), even
    // pinned to one value.
    const pinnedFirst = { keys: 1, conversationId: -1, seq: 1 } as const;
    expect(rows(await keyed.find(filter).sort(pinnedFirst).toArray())).toEqual(
      rows(await keyedPlain.find(filter).sort(pinnedFirst).toArray()),
    );
    expect(
      hasSortStage((await keyed.find(filter).sort(pinnedFirst).explain('executionStats')) as AnyDoc),
    ).toBe(true);
    const byKeys = { keys: 1, seq: 1, conversationId: 1 } as const;
    const many = { keys: { $in: ['b', 'c'] } };
    expect(rows(await keyed.find(many).sort(byKeys).toArray())).toEqual(
      rows(await keyedPlain.find(many).sort(byKeys).toArray()),
    );
    expect(hasSortStage((await keyed.find(many).sort(byKeys).explain('executionStats')) as AnyDoc)).toBe(
      true,
    );
  });

  it('answers `_id` alone from the entries of a covering index, multikey included, and counts by entries', async () => {
    const rooms = db().collection<AnyDoc>('rooms');
    const roomsPlain = db().collection<AnyDoc>('rooms_plain');
    await rooms.createIndex({ members: 1, _id: -1 });
    await rooms.createIndex({ owner: 1, tags: 1 });
    const next = seededRandom(3);
    const people = ['ana', 'bo', 'cy', 'di\u0000x', '王伟'];
    const docs: AnyDoc[] = [];
    for (let i = 0; i < 300; i++) {
      const _id =
        i % 3 === 0
          ? new ObjectId(i.toString(16).padStart(24, '0'))
          : i % 3 === 1
            ? `r${String(i).padStart(4, '0')}`
            : i;
      docs.push({
        _id,
        members: people.filter(() => next() < 0.4),
        owner: people[i % 5],
        tags: ['x', 'y'].filter(() => next() < 0.6),
      });
    }
    await rooms.insertMany(docs.map((d) => ({ ...d })));
    await roomsPlain.insertMany(docs.map((d) => ({ ...d })));
    const ids = (found: AnyDoc[]) => found.map((d) => JSON.stringify(d));
    for (const who of people) {
      const covered = await rooms
        .find({ members: who }, { projection: { _id: 1 } })
        .sort({ _id: -1 })
        .toArray();
      const scanned = await roomsPlain
        .find({ members: who }, { projection: { _id: 1 } })
        .sort({ _id: -1 })
        .toArray();
      expect([who, ids(covered)]).toEqual([who, ids(scanned)]);
      expect(covered.length).toBeGreaterThan(50);
      const explained = (await rooms
        .find({ members: who }, { projection: { _id: 1 } })
        .sort({ _id: -1 })
        .explain('executionStats')) as AnyDoc;
      // Numeric _ids (a third of them) lose their BSON width in a key: those, and only those, are read.
      const numeric = scanned.filter((d) => typeof d._id === 'number').length;
      expect([who, explained.executionStats.totalDocsExamined]).toEqual([who, numeric]);
      expect(await rooms.countDocuments({ members: who })).toBe(scanned.length);
    }
    // Not covered: a second multikey field left unpinned gives a document several entries; the documents are read.
    const owned = { owner: 'ana' };
    expect(
      ids(
        await rooms
          .find(owned, { projection: { _id: 1 } })
          .sort({ _id: 1 })
          .toArray(),
      ),
    ).toEqual(
      ids(
        await roomsPlain
          .find(owned, { projection: { _id: 1 } })
          .sort({ _id: 1 })
          .toArray(),
      ),
    );
    expect(await rooms.countDocuments(owned)).toBe(await roomsPlain.countDocuments(owned));
    const ownedPlan = (await rooms
      .find(owned, { projection: { _id: 1 } })
      .explain('executionStats')) as AnyDoc;
    expect(ownedPlan.executionStats.totalDocsExamined).toBe(await roomsPlain.countDocuments(owned));
  });
  it('decodes only the projected top-level fields of a covered range, every BSON type, the same as a scan', async () => {
    const wide = db().collection<AnyDoc>('wide');
    const widePlain = db().collection<AnyDoc>('wide_plain');
    await wide.createIndex({ at: 1 });
    const docs: AnyDoc[] = Array.from({ length: 60 }, (_, i) => ({
      _id: i,
      at: new Date(BASE + i * DAY),
      text: `第${i}条 ${'x'.repeat(i)}`,
      nested: { a: i, b: [i, { c: 'd' }] },
      list: [1, 'two', null],
      bin: new Binary(Buffer.from([i, 1, 2]), 4),
      oid: new ObjectId(),
      flag: i % 2 === 0,
      nothing: null,
      re: /ab+c/i,
      int: i,
      long: Long.fromNumber(2 ** 40 + i),
      dec: Decimal128.fromString(`${i}.5`),
      ts: new Timestamp({ t: i, i: 1 }),
      low: new MinKey(),
      high: new MaxKey(),
      code: new Code('x => x'),
      double: new Double(i + 0.25),
      ...(i % 3 === 0 ? {} : { sometimes: i }),
    }));
    await wide.insertMany(docs.map((d) => ({ ...d })));
    await widePlain.insertMany(docs.map((d) => ({ ...d })));
    const range = { at: { $gte: new Date(BASE + 10 * DAY), $lt: new Date(BASE + 50 * DAY) } };
    const projections: AnyDoc[] = [
      { at: 1, sometimes: 1, nested: 1 },
      {
        _id: 0,
        text: 1,
        list: 1,
        bin: 1,
        re: 1,
        long: 1,
        dec: 1,
        ts: 1,
        low: 1,
        high: 1,
        code: 1,
        double: 1,
      },
      { oid: 1, flag: 1, nothing: 1, int: 1, missing: 1 },
    ];
    for (const projection of projections) {
      const label = JSON.stringify(projection);
      const viaIndex = await wide.find(range, { projection, promoteValues: false }).sort({ at: 1 }).toArray();
      const viaScan = await widePlain
        .find(range, { projection, promoteValues: false })
        .sort({ at: 1 })
        .toArray();
      expect([label, viaIndex.length]).toEqual([label, 40]);
      expect([
        label,
        Buffer.from(BSON.serialize({ docs: viaIndex })).equals(BSON.serialize({ docs: viaScan })),
      ]).toEqual([label, true]);
    }
  });
  it('sends the projected fields of a covered range as stored, batch after batch under 16 MiB, cached documents too', async () => {
    // 30 documents of about 600 KiB (18 MiB): the fields kept go out as their stored bytes (no decoding), so the reply's batch
    // sizes are counted from the bytes; several getMores are needed. Some documents are in the document cache (read
    // whole just before): their bytes are sent all the same, never a stale or partial copy.
    const big = db().collection<AnyDoc>('big');
    const bigPlain = db().collection<AnyDoc>('big_plain');
    await big.createIndex({ at: 1 });
    const docs = Array.from({ length: 30 }, (_, i) => ({
      _id: i,
      at: new Date(BASE + i * DAY),
      body: `${i}:${'界'.repeat(200_000)}`,
      skipped: 'x'.repeat(1000),
      n: i % 2 === 0 ? i : i + 0.5,
    }));
    for (const coll of [big, bigPlain])
      for (let at = 0; at < docs.length; at += 10)
        await coll.insertMany(docs.slice(at, at + 10).map((d) => ({ ...d })));
    for (const id of [3, 17, 18, 39]) await big.findOne({ _id: id });
    const range = { at: { $gte: new Date(BASE), $lt: new Date(BASE + 30 * DAY) } };
    const projection = { body: 1, n: 1, at: 1 };
    const viaIndex = await big.find(range, { projection, promoteValues: false }).sort({ at: 1 }).toArray();
    const viaScan = await bigPlain
      .find(range, { projection, promoteValues: false })
      .sort({ at: 1 })
      .toArray();
    expect(viaIndex.map((d) => d._id.valueOf())).toEqual(docs.map((d) => d._id));
    expect(viaIndex.map((d) => Object.keys(d))).toEqual(docs.map(() => ['_id', 'at', 'body', 'n']));
    const same = viaIndex.map((d, i) => Buffer.from(BSON.serialize(d)).equals(BSON.serialize(viaScan[i])));
    expect(same).toEqual(docs.map(() => true));
    const plan = (await big.find(range, { projection }).sort({ at: 1 }).explain('executionStats')) as AnyDoc;
    expect(plan.queryPlanner.winningPlan.stage).not.toBe('COLLSCAN');
  }, 60_000); // 36 MiB written and read: seconds on a busy machine
});
