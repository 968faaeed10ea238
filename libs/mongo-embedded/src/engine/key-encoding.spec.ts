// The byte order of encoded keys must be MongoDB's comparison order: across types by bracket, within a type by value; compound keys lexicographically, descending fields reversed. Seeded random values.
import { BSON, Binary, Long, MaxKey, MinKey, ObjectId } from 'bson';
import { encodeKey, encodeValue, keyFieldEnd, idDocument, readKeyField, sortDocs } from './key-encoding';
import type { Doc } from './values';
import { seededRandom } from '../test-support/seeded-random';

/** MongoDB's type order (numbers of every width together). */
function typeRank(v: unknown): number {
  if (v instanceof MinKey) return 0;
  if (v === null || v === undefined) return 2;
  if (typeof v === 'number' || v instanceof Long) return 3;
  if (typeof v === 'string') return 4;
  if (Array.isArray(v)) return 6;
  if (v instanceof Binary) return 7;
  if (v instanceof ObjectId) return 8;
  if (typeof v === 'boolean') return 9;
  if (v instanceof Date) return 10;
  if (v instanceof MaxKey) return 13;
  return 5; // plain object
}

const num = (v: unknown) => (v instanceof Long ? v.toNumber() : (v as number));

/** Reference comparison: bracket, then the value within its type. */
function reference(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return Math.sign(ra - rb);
  if (ra === 3) {
    const [x, y] = [num(a), num(b)];
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ra === 4) return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string));
  if (ra === 8) return Buffer.compare(Buffer.from((a as ObjectId).id), Buffer.from((b as ObjectId).id));
  if (ra === 7) {
    const [x, y] = [a as Binary, b as Binary];
    return Math.sign(
      x.length() - y.length() ||
        x.sub_type - y.sub_type ||
        Buffer.compare(Buffer.from(x.buffer), Buffer.from(y.buffer)),
    );
  }
  if (ra === 5 || ra === 6) return Math.sign(compareComposite(a, b));
  const scalar = (v: unknown) => (v instanceof Date ? v.getTime() : Number(v)); // booleans and dates; null, MinKey, MaxKey tie
  return ra === 9 || ra === 10 ? Math.sign(scalar(a) - scalar(b)) : 0;
}

/** Sub-documents element by element (type, name, value); arrays element by element; shorter first on a tie. */
function compareComposite(a: unknown, b: unknown): number {
  const ea = Array.isArray(a) ? a.map((v, i) => [String(i), v]) : Object.entries(a as Doc);
  const eb = Array.isArray(b) ? b.map((v, i) => [String(i), v]) : Object.entries(b as Doc);
  for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
    const t = typeRank(ea[i][1]) - typeRank(eb[i][1]);
    if (t !== 0) return t;
    if (!Array.isArray(a)) {
      const n = Buffer.compare(Buffer.from(ea[i][0] as string), Buffer.from(eb[i][0] as string));
      if (n !== 0) return n;
    }
    const v = reference(ea[i][1], eb[i][1]);
    if (v !== 0) return v;
  }
  return ea.length - eb.length;
}

function randomValue(next: () => number, depth = 0): unknown {
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const kind = Math.floor(next() * (depth > 1 ? 9 : 11));
  switch (kind) {
    case 0:
      return pick([0, -0, 1, -1, 2.5, -2.5, 1e300, -1e300, Infinity, -Infinity, NaN, 2 ** 31, 3]);
    case 1:
      return Math.floor((next() - 0.5) * 1e6) / pick([1, 7, 1000]);
    case 2:
      return Long.fromNumber(Math.floor((next() - 0.5) * 1e12));
    case 3:
      return pick(['', 'a', 'b', 'ab', 'a\u0000', 'a\u0000b', 'B', 'é', '\u00ff', 'zz', 'a b', '\u0001']);
    case 4:
      return new ObjectId(
        Math.floor(next() * 0xffffff)
          .toString(16)
          .padStart(24, '0'),
      );
    case 5:
      return next() < 0.5;
    case 6:
      return new Date(Math.floor((next() - 0.5) * 4e12));
    case 7:
      return pick([null, new MinKey(), new MaxKey()]);
    case 8:
      return new Binary(Buffer.from(pick(['', 'a', 'ab', 'b'])), pick([0, 4]));
    case 9: {
      const out: Doc = {};
      for (let i = Math.floor(next() * 3); i > 0; i--)
        out[pick(['a', 'b', 'ab'])] = randomValue(next, depth + 1);
      return out;
    }
    default:
      return Array.from({ length: Math.floor(next() * 3) }, () => randomValue(next, depth + 1));
  }
}

describe('key encoding', () => {
  it('steps over each field of a key without decoding it, and reads an ObjectId or string field as the BSON of { _id }', () => {
    const id = new ObjectId();
    const values = ['a\u0000b 退款', 'x', '', 42, new Date(7), true, null, id, '\u0000'];
    for (const descending of [false, true]) {
      const directions = values.map((_, i) => (i % 2 === 0) === descending);
      const key = encodeKey(values, directions);
      let at = 0;
      values.forEach((value, i) => {
        const next = keyFieldEnd(key, at, directions[i]);
        expect([i, next]).toEqual([i, readKeyField(key, at, directions[i])!.next]);
        const doc = idDocument(key, at, directions[i]);
        if (value instanceof ObjectId || typeof value === 'string')
          expect([i, BSON.deserialize(doc!)]).toEqual([i, { _id: value }]);
        else expect(doc).toBeNull();
        at = next!;
      });
      expect(at).toBe(key.length);
    }
  });

  it('orders random values of every type as MongoDB compares them', () => {
    const next = seededRandom(11);
    for (let i = 0; i < 20_000; i++) {
      const a = randomValue(next);
      const b = randomValue(next);
      const got = Math.sign(Buffer.compare(encodeValue(a), encodeValue(b)));
      if (got !== Math.sign(reference(a, b)))
        throw new Error(`order of ${String(JSON.stringify(a))} and ${String(JSON.stringify(b))}: got ${got}`);
    }
  });

  it('orders compound keys lexicographically and descending fields in reverse', () => {
    const next = seededRandom(5);
    for (let i = 0; i < 5_000; i++) {
      const a = [randomValue(next, 2), randomValue(next, 2)];
      const b = [randomValue(next, 2), randomValue(next, 2)];
      const desc = [next() < 0.5, next() < 0.5];
      const field = (j: number) => (desc[j] ? -1 : 1) * reference(a[j], b[j]);
      const expected = field(0) || field(1);
      expect([a, b, Math.sign(Buffer.compare(encodeKey(a, desc), encodeKey(b, desc))) || 0]).toEqual([
        a,
        b,
        Math.sign(expected) || 0,
      ]);
    }
  });

  it('sorts arrays by their smallest element ascending and by their largest descending', () => {
    const docs = [
      { _id: 1, a: [3, 9] },
      { _id: 2, a: [1, 5] },
      { _id: 3, a: 4 },
      { _id: 4, a: [] },
      { _id: 5 },
    ];
    const ids = (spec: Doc) => (sortDocs(docs, spec) ?? []).map((d) => d._id);
    expect(ids({ a: 1 })).toEqual([4, 5, 2, 1, 3]);
    expect(ids({ a: -1 })).toEqual([1, 2, 3, 5, 4]);
    expect((sortDocs(docs, { a: -1 }, 2) ?? []).map((d) => d._id)).toEqual([1, 2]);
  });
});
