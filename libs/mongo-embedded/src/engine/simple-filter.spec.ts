// The simple-filter fast path must answer exactly as mingo does, or defer to it. Differential test: seeded random
// documents (every type the fast path handles and the ones it must defer on) against seeded random filters.
import { Long, ObjectId } from 'bson';
import { find, Query } from 'mingo';
import { compileSimpleFilter, compileSimpleProjection } from './simple-filter';
import type { Doc } from './values';
import { seededRandom } from '../test-support/seeded-random';

const DATES = [new Date('2026-01-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')];
const SCALARS: unknown[] = [0, -0, 1, 2, 2.5, -3, 'a', 'b', 'B', '', '1', true, false, ...DATES];
const VALUES: unknown[] = [
  ...SCALARS,
  null,
  undefined,
  NaN,
  [],
  [1, 2],
  ['a', 'b'],
  [[1]],
  [{ b: 1 }, { b: 'a' }],
  { b: 1 },
  { b: 'a', c: 2 },
  { b: [1, 2] },
  { b: null },
  new ObjectId('65a0c0ffee0000000000beef'),
  Long.fromNumber(2),
  new Date(NaN),
];

describe('compileSimpleFilter', () => {
  const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)];

  function randomDoc(next: () => number): Doc {
    const doc: Doc = { _id: Math.floor(next() * 1000) };
    for (const field of ['a', 'b', 'c']) {
      const value = pick(next, VALUES);
      if (value !== undefined) doc[field] = value;
    }
    return doc;
  }

  function randomClause(next: () => number): unknown {
    const scalar = () => pick(next, SCALARS);
    const bound = () => pick(next, [0, 1, 2, 2.5, -3, ...DATES]);
    switch (Math.floor(next() * 6)) {
      case 0:
        return scalar();
      case 1:
        return { $eq: scalar() };
      case 2:
        return { $in: [scalar(), scalar(), scalar()].slice(0, Math.floor(next() * 4)) };
      case 3:
        return { [pick(next, ['$gt', '$gte', '$lt', '$lte'])]: bound() };
      case 4:
        return { $gte: bound(), $lt: bound() };
      default:
        return { $in: [scalar()], $lte: bound() };
    }
  }

  it('agrees with mingo on 20,000 random document/filter pairs, and decides most of them itself', () => {
    const next = seededRandom(20261125);
    let decided = 0;
    const runs = 20_000;
    for (let i = 0; i < runs; i++) {
      const filter: Doc = {};
      const clauses = 1 + Math.floor(next() * 3);
      for (let k = 0; k < clauses; k++) filter[pick(next, ['a', 'b', 'a.b', 'c.b', 'c'])] = randomClause(next);
      const doc = randomDoc(next);
      const simple = compileSimpleFilter(filter);
      expect(simple).not.toBeNull();
      const fast = simple?.(doc);
      if (fast === undefined) continue;
      decided++;
      const expected = new Query(filter, {}).test(doc);
      if (fast !== expected) throw new Error(`differs from mingo: filter ${JSON.stringify(filter)} doc ${JSON.stringify(doc)}`);
    }
    expect(decided / runs).toBeGreaterThan(0.5);
  });

  it('leaves every other filter to mingo', () => {
    for (const filter of [
      { $or: [{ a: 1 }] },
      { a: null },
      { a: { $eq: null } },
      { a: { $ne: 1 } },
      { a: { $exists: true } },
      { a: { b: 1 } },
      { a: [1, 2] },
      { a: /x/ },
      { a: { $in: [1, null] } },
      { a: { $gt: 'a' } },
      { a: { $gt: NaN } },
      { a: { constructor: 1 } },
      { a: {} },
      { '': 1 },
    ] as Doc[]) {
      expect(compileSimpleFilter(filter)).toBeNull();
    }
  });

  it('projects top-level inclusions as mingo does (in the document\'s field order, as MongoDB does), leaving the rest to mingo', () => {
    const next = seededRandom(7);
    for (let i = 0; i < 2_000; i++) {
      const doc = randomDoc(next);
      const projection: Doc = {};
      for (const field of ['c', 'a', 'b', 'missing']) if (next() < 0.4) projection[field] = next() < 0.5 ? 1 : true;
      if (Object.keys(projection).length === 0) projection.b = 1;
      if (next() < 0.3) projection._id = next() < 0.5 ? 0 : 1;
      const fast = compileSimpleProjection(projection);
      expect(fast).not.toBeNull();
      const expected = find([doc], {}, projection).all()[0] as Doc;
      const actual = fast?.(doc) ?? {};
      expect(Object.keys(actual)).toEqual(Object.keys(doc).filter((key) => key in expected));
      expect(actual).toEqual(expected);
    }
    for (const projection of [{ a: 0 }, { _id: 0 }, { 'a.b': 1 }, { a: { $slice: 1 } }, { a: '$b' }, { a: 1, b: 0 }] as Doc[]) {
      expect(compileSimpleProjection(projection)).toBeNull();
    }
  });
});
