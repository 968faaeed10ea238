// Streaming execution of a plan: walks index entries or records in LMDB and decodes each document only when it is
// reached, so a cursor holds a position, never a result list. The filter is tested on every fetched document.
import type { LmdbStore } from '../storage/lmdb-store';
import { Binary } from 'bson';
import { RECORD_ID_BYTES } from './collection-index';
import { keyFieldEnd, idDocument, readKeyField } from './key-encoding';
import {
  decodeDoc,
  decodeFields,
  rawFields,
  type Found,
  type MatchOptions,
  type ReadableCollection,
} from './collection';
import { Query } from './mingo';
import type { IndexSpec } from './collection-index';
import type { KeyRange, QueryPlan } from './planner';
import { compileSimpleFilter } from './simple-filter';
import { foldFilter, isCaseInsensitive } from './collation';
import type { Doc } from './values';
import { RawDocument, type BatchDoc } from './raw-document';

export interface ScanStats {
  keysExamined: number;
  docsExamined: number;
}

/** The filter as a predicate (null: everything matches). mingo validates it up front unless the fast path vouches. */
export function compileTest(filter: Doc, opts: MatchOptions): ((doc: Doc) => boolean) | null {
  if (Object.keys(filter).length === 0) return null;
  const { collation, variables } = opts;
  const simple = collation || variables ? null : compileSimpleFilter(filter);
  const build = () =>
    new Query(filter, {
      ...(collation ? { collation: collation as never } : {}),
      ...(variables ? { variables } : {}),
    });
  let query = simple ? undefined : build();
  const mingoTest = (doc: Doc) => (query ??= build()).test(doc);
  return simple ? (doc: Doc) => simple(doc) ?? mingoTest(doc) : mingoTest;
}

export function* filtered(docs: Iterable<Doc>, test: ((doc: Doc) => boolean) | null): Generator<Doc> {
  for (const doc of docs) if (!test || test(doc)) yield doc;
}

/** An index entry reached by a walk: its key without the index's prefix (null from a leapfrog), and its record. */
interface Reached {
  key: Buffer | null;
  recordId: Buffer;
}

/**
 * The entries in the plan's index ranges, in index order (reversed when the plan says so). A multikey index or several
 * ranges can reach a document more than once: it is given the first time only.
 */
function* walkEntries(plan: QueryPlan, stats: ScanStats, withKeys: boolean): Generator<Reached> {
  const index = plan.index;
  if (!index) return;
  const entries = index.store.entries;
  const skip = index.prefix.length;
  // A covered plan's ranges hold one entry per matching document: nothing to remember.
  const seen = (index.multikey || plan.ranges.length > 1) && !plan.covered ? new Set<string>() : null;
  const ranges = plan.reverse ? [...plan.ranges].reverse() : plan.ranges;
  for (const range of ranges) {
    const walk = plan.reverse
      ? { start: range.end, end: range.start, reverse: true }
      : { start: range.start, end: range.end };
    // A unique index keeps the record id as the entry's value, the others at the end of the entry's key. A unique
    // entry can equal a bound: LMDB's reverse walk includes its start and excludes its end, the opposite of [start, end).
    const found: Iterable<Reached> =
      plan.intersect && !plan.reverse && !index.unique
        ? (function* () {
            for (const recordId of leapfrog(entries, range, plan.intersect!.lead, plan.intersect!.others))
              yield { key: null, recordId };
          })()
        : index.unique
          ? (function* () {
              for (const { key, value } of entries.getRange(walk))
                if (!(plan.reverse && range.end.equals(key)))
                  yield {
                    key: withKeys ? Buffer.from(key.subarray(skip)) : null,
                    recordId: Buffer.from(value),
                  };
              const first = plan.reverse ? entries.getBinary(range.start) : undefined;
              if (first)
                yield {
                  key: withKeys ? Buffer.from(range.start.subarray(skip)) : null,
                  recordId: Buffer.from(first),
                };
            })()
          : (function* () {
              for (const entry of entries.getKeys(walk))
                yield {
                  key: withKeys ? Buffer.from(entry.subarray(skip, entry.length - RECORD_ID_BYTES)) : null,
                  recordId: Buffer.from(entry.subarray(entry.length - RECORD_ID_BYTES)),
                };
            })();
    for (const reached of found) {
      stats.keysExamined++;
      if (seen) {
        const tag = reached.recordId.toString('latin1');
        if (seen.has(tag)) continue;
        seen.add(tag);
      }
      yield reached;
    }
  }
}

/** The documents behind the plan's index ranges, in index order (reversed when the plan says so), each once. */
export function* walkIndex(
  plan: QueryPlan,
  store: LmdbStore,
  prefix: Buffer,
  stats: ScanStats,
): Generator<Doc> {
  for (const { recordId } of walkEntries(plan, stats, false)) {
    const doc = store.readDoc(Buffer.concat([prefix, recordId]), (bytes) => decodeDoc(bytes, recordId));
    if (!doc) continue; // removed since the walk began
    stats.docsExamined++;
    yield doc;
  }
}

/** The documents behind a covered plan's ranges, each decoded only for `fields` (unless it is cached whole). */
export function walkIndexParts(
  plan: QueryPlan,
  store: LmdbStore,
  prefix: Buffer,
  stats: ScanStats,
  fields: ReadonlySet<string>,
): Generator<Doc> {
  return walkRecordsOf(plan, prefix, stats, (key) =>
    store.readPart(key, (bytes) => decodeFields(bytes, fields)),
  );
}

/** The same documents kept as those fields' bytes (read from LMDB even when a decoded copy is cached). */
export function walkIndexBytes(
  plan: QueryPlan,
  store: LmdbStore,
  prefix: Buffer,
  stats: ScanStats,
  fields: ReadonlySet<string>,
): Generator<BatchDoc> {
  return walkRecordsOf(plan, prefix, stats, (key) =>
    store.readBytes(key, (bytes) => rawFields(bytes, fields)),
  );
}

/** `read` of each record a plan's ranges reach (skipping those removed since the walk began). */
function* walkRecordsOf<T>(
  plan: QueryPlan,
  prefix: Buffer,
  stats: ScanStats,
  read: (key: Buffer) => T | undefined,
): Generator<T> {
  // One key buffer for the whole walk: each read uses it only during the call.
  const key = Buffer.allocUnsafe(prefix.length + RECORD_ID_BYTES);
  prefix.copy(key);
  for (const { recordId } of walkEntries(plan, stats, false)) {
    recordId.copy(key, prefix.length);
    const doc = read(key);
    if (!doc) continue;
    stats.docsExamined++;
    yield doc;
  }
}

/**
 * `{ _id }` of the documents a covered plan matches, read from the index entries: no document is read unless its `_id`
 * is of a type the key does not keep whole (a number, null), and then only that one.
 */
export function walkIndexIds(
  plan: QueryPlan,
  store: LmdbStore,
  prefix: Buffer,
  stats: ScanStats,
): Generator<Doc> {
  return walkIds(plan, store, prefix, stats, false) as Generator<Doc>;
}

/** The same, an ObjectId or string `_id` kept as the BSON of `{ _id }` built from the entry's bytes (nothing decoded). */
export function walkIndexIdBytes(
  plan: QueryPlan,
  store: LmdbStore,
  prefix: Buffer,
  stats: ScanStats,
): Generator<BatchDoc> {
  return walkIds(plan, store, prefix, stats, true);
}

function* walkIds(
  plan: QueryPlan,
  store: LmdbStore,
  prefix: Buffer,
  stats: ScanStats,
  raw: boolean,
): Generator<BatchDoc> {
  const index = plan.index!;
  const idField = index.fields.indexOf('_id');
  for (const { key, recordId } of walkEntries(plan, stats, true)) {
    let at: number | null = 0;
    for (let field = 0; key && at !== null && field < idField; field++)
      at = keyFieldEnd(key, at, index.descending[field]);
    if (key && at !== null) {
      const bytes = raw ? idDocument(key, at, index.descending[idField]) : null;
      if (bytes) {
        yield new RawDocument(bytes);
        continue;
      }
      const id = readKeyField(key, at, index.descending[idField])?.value;
      if (id !== undefined) {
        yield { _id: id };
        continue;
      }
    }
    const doc = store.readDoc(Buffer.concat([prefix, recordId]), (bytes) => decodeDoc(bytes, recordId));
    if (!doc) continue;
    stats.docsExamined++;
    yield doc;
  }
}

type Entries = NonNullable<QueryPlan['index']>['store']['entries'];

/**
 * Record ids with an entry in `range` (which starts with `lead`) and, for the same rest of the key, under each of
 * `others`, ascending. Each list is sorted by that rest (the index's other fields, then the record id), so the lists
 * are walked in turn, each one seeking to the largest rest seen so far: the cost follows how the lists interleave,
 * not their lengths, and no document is read for an entry some list lacks.
 */
function* leapfrog(entries: Entries, range: KeyRange, lead: Buffer, others: Buffer[]): Generator<Buffer> {
  const restEnd = range.end.subarray(lead.length);
  const lists = [lead, ...others].map((start) => ({ start, end: Buffer.concat([start, restEnd]) }));
  /** The smallest rest of a key at or after `rest` in the list, or null past its end. */
  const seek = (list: { start: Buffer; end: Buffer }, rest: Buffer): Buffer | null => {
    for (const key of entries.getKeys({
      start: Buffer.concat([list.start, rest]),
      end: list.end,
      limit: 1,
    })) {
      return Buffer.from(key.subarray(list.start.length));
    }
    return null;
  };
  let target: Buffer | null = range.start.subarray(lead.length);
  let agreeing = 0; // how many lists in a row hold `target`
  for (let i = 0; target; i = (i + 1) % lists.length) {
    const rest = seek(lists[i], target);
    if (!rest) return;
    if (rest.equals(target)) agreeing++;
    else {
      target = rest;
      agreeing = 1;
    }
    if (agreeing === lists.length) {
      yield Buffer.from(target.subarray(target.length - RECORD_ID_BYTES));
      target = Buffer.concat([target, ZERO]); // the smallest rest after it
      agreeing = 0;
    }
  }
}

const ZERO = Buffer.alloc(1);

/** A view's pipeline output, read like a collection (no indexes: every read tests every document). */
export class ComputedCollection implements ReadableCollection {
  readonly isView = false;

  constructor(
    readonly name: string,
    readonly ns: string,
    readonly uuid: Binary,
    readonly options: Doc,
    private readonly docs: Doc[],
  ) {}

  find(filter: Doc, opts: MatchOptions = {}): Found {
    if (isCaseInsensitive(opts.collation)) filter = foldFilter(filter);
    const test = compileTest(filter, opts);
    const stats: ScanStats = { keysExamined: 0, docsExamined: this.docs.length };
    const reverse = opts.sort?.$natural === -1;
    const plan: QueryPlan = {
      stage: 'COLLSCAN',
      ranges: [],
      reverse,
      sorted: opts.sort ? '$natural' in opts.sort : false,
      covered: false,
    };
    return { docs: filtered(reverse ? [...this.docs].reverse() : this.docs, test), plan, stats };
  }

  all(): Iterable<Doc> {
    return this.docs;
  }

  count(): number {
    return this.docs.length;
  }

  indexSpecs(): IndexSpec[] {
    return [];
  }

  indexNamed(): undefined {
    return undefined;
  }
}
