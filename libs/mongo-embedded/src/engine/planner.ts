// Chooses how a filter (and sort) is answered: the `_id` index for pinned ids (IDHACK), another index's key ranges
// (IXSCAN: equality and `$in` on a leading run of its fields, then a range on the next, or its order for a sort), or
// every document (COLLSCAN). Whatever the plan, mingo's test still decides each fetched document; the plan only
// narrows what is fetched, so its bounds may be wider than the filter but never narrower.
import { BRACKET, encodeValue } from './key-encoding';
import { AFTER, CollectionIndex } from './collection-index';
import { Doc, isPlainObject } from './values';

export interface KeyRange {
  /** Inclusive lower and exclusive upper entry keys, ascending. */
  start: Buffer;
  end: Buffer;
}

export interface QueryPlan {
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN';
  index?: CollectionIndex;
  /** Ascending, disjoint; walked last to first when `reverse`. */
  ranges: KeyRange[];
  reverse: boolean;
  /** The walk yields documents in the requested sort order. */
  sorted: boolean;
  /**
   * The ranges hold exactly the matching documents, one entry each: a count needs no document, and fields the index
   * spells losslessly (`_id` above all) can be read from the entries alone.
   */
  covered: boolean;
  /**
   * On a multikey index whose first field is pinned to one value that must also hold others (`$all`): the entry-key
   * starts (index prefix and first field) of the pinned value and of each other one. A document is a candidate only
   * where it has an entry under every one, found by leapfrogging the sorted entries instead of reading documents.
   */
  intersect?: { lead: Buffer; others: Buffer[] };
}

export interface PlanRequest {
  filter: Doc;
  sort?: Doc;
  /** skip + limit when bounded: a plan that gives the order then wins more easily. */
  keep?: number;
}

const COLLSCAN: QueryPlan = { stage: 'COLLSCAN', ranges: [], reverse: false, sorted: false, covered: false };
/** More point lookups than this (a long `$in` across compound fields) are not worth planning. */
const MAX_POINTS = 2000;
const RANGE_OPERATORS = new Set(['$gt', '$gte', '$lt', '$lte']);

/** Values a filter clause pins a field to (plain equality, `$eq`, `$in`), or null when it does not. */
export function equalityValues(clause: unknown): unknown[] | null {
  if (clause === undefined || clause instanceof RegExp || Array.isArray(clause)) return null;
  if (isPlainObject(clause)) {
    const keys = Object.keys(clause);
    if (keys.length === 0 || !keys[0].startsWith('$')) return [clause];
    if (keys.length !== 1) return null;
    if (keys[0] === '$eq')
      return clause.$eq instanceof RegExp || isPlainObject(clause.$eq) || Array.isArray(clause.$eq)
        ? null
        : [clause.$eq];
    if (keys[0] === '$in' && Array.isArray(clause.$in)) {
      const vals = clause.$in as unknown[];
      return vals.some((v) => v instanceof RegExp || isPlainObject(v) || Array.isArray(v) || v === null)
        ? null
        : vals;
    }
    return null;
  }
  return [clause];
}

interface Bound {
  value: unknown;
  inclusive: boolean;
}

/** `$gt`/`$gte`/`$lt`/`$lte` of one comparable type (MongoDB's ranges never cross type brackets), or null. */
function rangeOf(clause: unknown): { lower?: Bound; upper?: Bound; bracket: number; exact: boolean } | null {
  if (!isPlainObject(clause)) return null;
  const ops = Object.keys(clause);
  if (ops.length === 0 || !ops.every((op) => RANGE_OPERATORS.has(op))) return null;
  let bracket = -1;
  const out: { lower?: Bound; upper?: Bound } = {};
  for (const op of ops) {
    const value = clause[op];
    const type = rangeBracket(value);
    if (type < 0 || (bracket >= 0 && type !== bracket)) return null;
    bracket = type;
    const bound = { value, inclusive: op.endsWith('e') };
    if (op.startsWith('$g')) {
      if (out.lower) return null;
      out.lower = bound;
    } else {
      if (out.upper) return null;
      out.upper = bound;
    }
  }
  return { ...out, bracket, exact: ops.length <= 2 };
}

function rangeBracket(v: unknown): number {
  if (typeof v === 'number') return Number.isNaN(v) ? -1 : BRACKET.number;
  if (typeof v === 'string') return BRACKET.string;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? -1 : BRACKET.date;
  const type = (v as { _bsontype?: string } | null)?._bsontype;
  return type === 'ObjectId' ? BRACKET.objectId : -1;
}

const invert = (b: Buffer): Buffer => {
  const out = Buffer.from(b);
  for (let i = 0; i < out.length; i++) out[i] ^= 0xff;
  return out;
};

/** The encoding of `v` as a field of this direction. */
function fieldBytes(v: unknown, descending: boolean): Buffer {
  const enc = encodeValue(v);
  return descending ? invert(enc) : enc;
}

interface Candidate {
  plan: QueryPlan;
  score: number;
}

/** A field's equality values encoded once per direction for all the candidate indexes (an `$in` of thousands). */
type Encodings = Map<string, Map<unknown, Buffer>>;

/** The distinct encodings of `vals` as a field of this direction, in order: value → bytes (first value of each). */
function encodedValues(
  encodings: Encodings,
  field: string,
  vals: unknown[],
  descending: boolean,
): Map<unknown, Buffer> {
  const tag = `${descending ? '-' : '+'}${field}`;
  let byValue = encodings.get(tag);
  if (!byValue) {
    const seen = new Set<string>();
    byValue = new Map();
    for (const v of vals) {
      const bytes = fieldBytes(v, descending);
      const text = bytes.toString('latin1');
      if (seen.has(text)) continue;
      seen.add(text);
      byValue.set(v, bytes);
    }
    encodings.set(tag, byValue);
  }
  return byValue;
}

/** Bounds on one index for the filter; null when the index narrows nothing and gives no order. */
function candidate(
  index: CollectionIndex,
  req: PlanRequest,
  sortFields: [string, number][],
  encodings: Encodings,
): Candidate | null {
  if (index.special || !index.ready) return null;
  const { filter } = req;
  // An index whose first field the filter leaves free and the sort does not start with narrows nothing and gives no
  // order: out before any work (a collection has a dozen indexes, and every query asks each of them).
  if (filter[index.fields[0]] === undefined && sortFields[0]?.[0] !== index.fields[0]) return null;
  let points: Buffer[] = [Buffer.alloc(0)];
  let pinned = 0;
  let single = true;
  const pinnedValues: unknown[][] = [];
  for (const field of index.fields) {
    const vals = equalityValues(filter[field]);
    if (!vals) break;
    const encoded = encodedValues(encodings, field, vals, index.descending[pinned]);
    if (points.length * encoded.size > MAX_POINTS) break;
    const unique = [...encoded.keys()];
    const next: Buffer[] = [];
    for (const p of points) for (const [, bytes] of encoded) next.push(Buffer.concat([p, bytes]));
    points = next;
    pinnedValues.push(unique);
    if (unique.length !== 1) single = false;
    pinned++;
  }
  if (!usable(index, pinnedValues)) return null;
  let ranges: KeyRange[];
  let ranged = false;
  let exact = true;
  const rangeField = index.fields[pinned];
  const range = rangeField === undefined ? null : rangeOf(filter[rangeField]);
  if (range) {
    ranged = true;
    const desc = index.descending[pinned];
    // A multikey field can meet each bound with a different element: only one bound may narrow the walk.
    const lower = range.lower;
    const upper = index.multikey && range.lower ? undefined : range.upper;
    if (index.multikey && range.lower && range.upper) exact = false;
    if (!range.exact) exact = false;
    ranges = points.map((p) => rangeWithin(index.prefix, p, range.bracket, desc, lower, upper));
  } else {
    ranges = points.map((p) => ({
      start: Buffer.concat([index.prefix, p]),
      end: Buffer.concat([index.prefix, p, AFTER]),
    }));
  }
  // The order the walk gives: the ranges are disjoint and walked in key order, so the index fields from the first one
  // pinned to several values on, all in the sort's direction or all against it. A document sorts by the smallest
  // (largest) element of an array: on a multikey field that is the first entry the walk meets only where the walk does
  // not bound the field.
  const firstMulti = pinnedValues.findIndex((vals) => vals.length !== 1);
  const singlyPinned = firstMulti < 0 ? pinned : firstMulti;
  const position = (f: string) => index.fields.indexOf(f);
  const isSinglyPinned = (f: string) => position(f) >= 0 && position(f) < singlyPinned;
  const isBound = (f: string) => (position(f) >= 0 && position(f) < pinned) || (ranged && f === rangeField);
  const remaining = sortFields.filter(([f]) => !isSinglyPinned(f));
  let sorted = false;
  let reverse = false;
  if (sortFields.some(([f]) => isBound(f) && index.isMultikeyField(f))) sorted = false;
  else if (sortFields.length > 0 && remaining.length > 0) {
    const rel = remaining.map(([f, dir], i) => {
      const pos = singlyPinned + i;
      if (index.fields[pos] !== f) return 0;
      return dir < 0 === index.descending[pos] ? 1 : -1;
    });
    if (rel.every((r) => r === 1)) sorted = true;
    else if (rel.every((r) => r === -1)) sorted = reverse = true;
  } else if (sortFields.length > 0 && remaining.length === 0) sorted = true;
  if (pinned === 0 && !ranged && !sorted) return null;
  // A walk over the whole index misses what sparse and partial indexes leave out.
  if (pinned === 0 && !ranged && (index.spec.sparse || index.partial)) return null;
  if (ranged && index.partial) return null;
  ranges.sort((a, b) => Buffer.compare(a.start, b.start));
  const filterFields = Object.keys(filter);
  const boundFields = index.fields.slice(0, pinned + (ranged ? 1 : 0));
  // One entry per matching document: on a multikey index only while every field with several values per document is
  // pinned to a single one (and not null, which also matches arrays holding it), and no entry was cut short.
  const onePerDocument = index.fields.every(
    (f, i) =>
      !index.isMultikeyField(f) ||
      (i < singlyPinned && pinnedValues[i][0] !== null && pinnedValues[i][0] !== undefined),
  );
  const covered =
    exact && index.wholeKeys && onePerDocument && filterFields.every((f) => boundFields.includes(f));
  const fullyPinnedUnique = index.unique && pinned === index.fields.length && single;
  const score =
    (fullyPinnedUnique ? 100 : 0) +
    pinned * 10 +
    (ranged ? 5 : 0) +
    (sorted ? (req.keep !== undefined ? 12 : 3) : 0) -
    (index.multikey ? 1 : 0);
  const stage = index.name === '_id_' && pinned === 1 && !ranged ? 'IDHACK' : 'IXSCAN';
  const intersect =
    pinned > 0 && pinnedValues[0].length === 1 ? intersection(index, filter, pinnedValues[0][0]) : undefined;
  return {
    plan: { stage, index, ranges, reverse, sorted, covered, ...(intersect ? { intersect } : {}) },
    score,
  };
}

/** Scalars an index's entries can be looked up by (numbers of every width encode alike; NaN and null do not narrow). */
const isLookupScalar = (v: unknown): boolean =>
  typeof v === 'string' || (typeof v === 'number' && !Number.isNaN(v)) || typeof v === 'boolean';

/**
 * The other values a multikey index's first field must hold besides `pinned`, from `$all` (or equality) clauses of the
 * filter's `$and`: the gateway's search pins its rarest key and requires the rest. None on indexes where that does not
 * hold (unique ones keep a single entry per key; cut entries do not spell the whole key).
 */
function intersection(index: CollectionIndex, filter: Doc, pinned: unknown): QueryPlan['intersect'] {
  if (
    !index.multikey ||
    index.unique ||
    !index.wholeKeys ||
    !isLookupScalar(pinned) ||
    !Array.isArray(filter.$and)
  )
    return undefined;
  const field = index.fields[0];
  const desc = index.descending[0];
  const lead = Buffer.concat([index.prefix, fieldBytes(pinned, desc)]);
  const others = new Map<string, Buffer>();
  for (const clause of filter.$and as unknown[]) {
    if (!isPlainObject(clause) || !(field in clause)) continue;
    const value = clause[field];
    const values =
      isPlainObject(value) && Object.keys(value).length === 1 && Array.isArray(value.$all)
        ? (value.$all as unknown[])
        : equalityValues(value)?.length === 1
          ? equalityValues(value)
          : null;
    for (const v of values ?? []) {
      if (!isLookupScalar(v)) continue;
      const start = Buffer.concat([index.prefix, fieldBytes(v, desc)]);
      // A key built from an entry of `pinned` stays within LMDB's key size when the other value is not much longer.
      if (start.length > lead.length + 64) return undefined;
      if (!start.equals(lead)) others.set(start.toString('latin1'), start);
    }
  }
  return others.size > 0 ? { lead, others: [...others.values()] } : undefined;
}

/** Entry-key range on the field after prefix `p`, limited to one type bracket. */
function rangeWithin(
  prefix: Buffer,
  p: Buffer,
  bracket: number,
  desc: boolean,
  lower?: Bound,
  upper?: Bound,
): KeyRange {
  const base = Buffer.concat([prefix, p]);
  const bracketStart = Buffer.concat([base, Buffer.of(desc ? 0xff - bracket : bracket)]);
  const bracketEnd = Buffer.concat([base, Buffer.of(desc ? 0xff - bracket + 1 : bracket + 1)]);
  // In a descending field, the lower value bound is the upper byte bound and the other way round.
  const low = desc ? upper : lower;
  const high = desc ? lower : upper;
  const at = (b: Bound) => Buffer.concat([base, fieldBytes(b.value, desc)]);
  const start = !low ? bracketStart : low.inclusive ? at(low) : Buffer.concat([at(low), AFTER]);
  const end = !high ? bracketEnd : high.inclusive ? Buffer.concat([at(high), AFTER]) : at(high);
  return { start, end };
}

/** Sparse and partial indexes skip documents; use them only when the pinned values imply inclusion. */
function usable(index: CollectionIndex, pinned: unknown[][]): boolean {
  if (index.spec.sparse && pinned.some((vals) => vals.some((v) => v === null))) return false;
  if (!index.partial) return true;
  const pinnedFields = index.fields.slice(0, pinned.length);
  if (pinned.length === 0 || !index.partialFields.every((f) => pinnedFields.includes(f))) return false;
  return pinned.every((vals, i) => vals.every((v) => index.partial?.test({ [pinnedFields[i]]: v })));
}

/** The best plan over `indexes` (the `_id` index first) for `req`. */
export function planQuery(indexes: Iterable<CollectionIndex>, req: PlanRequest): QueryPlan {
  const sortFields = req.sort
    ? (Object.entries(req.sort).filter(([, d]) => d === 1 || d === -1) as [string, number][])
    : [];
  if (req.sort && sortFields.length !== Object.keys(req.sort).length) sortFields.length = 0;
  let best: Candidate | null = null;
  const encodings: Encodings = new Map();
  for (const index of indexes) {
    const c = candidate(index, req, sortFields, encodings);
    // `_id` pinned to one value: at most one document, whatever else the filter says or the sort asks (mongod's
    // IDHACK). Updates by `_id` with a compare-and-set filter on many indexed fields skip planning every index.
    if (c?.plan.stage === 'IDHACK' && c.plan.ranges.length === 1) return c.plan;
    if (c && (!best || c.score > best.score)) best = c;
  }
  return best?.plan ?? COLLSCAN;
}
