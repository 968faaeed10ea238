// Streaming execution of a plan: walks index entries or records in LMDB and decodes each document only when it is
// reached, so a cursor holds a position, never a result list. The filter is tested on every fetched document.
import type { LmdbStore } from '../storage/lmdb-store';
import { Binary } from 'bson';
import { RECORD_ID_BYTES } from './collection-index';
import { decodeDoc, type Found, type MatchOptions, type ReadableCollection } from './collection';
import { Query } from './mingo';
import type { IndexSpec } from './collection-index';
import type { KeyRange, QueryPlan } from './planner';
import { compileSimpleFilter } from './simple-filter';
import { foldFilter, isCaseInsensitive } from './collation';
import type { Doc } from './values';

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

/**
 * The documents behind the plan's index ranges, in index order (reversed when the plan says so). A multikey index or
 * several ranges can reach a document more than once: it is yielded the first time only.
 */
export function* walkIndex(
  plan: QueryPlan,
  store: LmdbStore,
  prefix: Buffer,
  stats: ScanStats,
): Generator<Doc> {
  const index = plan.index;
  if (!index) return;
  const entries = index.store.entries;
  const seen = index.multikey || plan.ranges.length > 1 ? new Set<string>() : null;
  const ranges = plan.reverse ? [...plan.ranges].reverse() : plan.ranges;
  for (const range of ranges) {
    const walk = plan.reverse
      ? { start: range.end, end: range.start, reverse: true }
      : { start: range.start, end: range.end };
    // A unique index keeps the record id as the entry's value, the others at the end of the entry's key. A unique
    // entry can equal a bound: LMDB's reverse walk includes its start and excludes its end, the opposite of [start, end).
    const found =
      plan.intersect && !plan.reverse && !index.unique
        ? leapfrog(entries, range, plan.intersect.lead, plan.intersect.others)
        : index.unique
          ? (function* () {
              for (const { key, value } of entries.getRange(walk))
                if (!(plan.reverse && range.end.equals(key))) yield Buffer.from(value);
              const first = plan.reverse ? entries.getBinary(range.start) : undefined;
              if (first) yield Buffer.from(first);
            })()
          : (function* () {
              for (const entry of entries.getKeys(walk))
                yield Buffer.from(entry.subarray(entry.length - RECORD_ID_BYTES));
            })();
    for (const recordId of found) {
      stats.keysExamined++;
      if (seen) {
        const tag = recordId.toString('latin1');
        if (seen.has(tag)) continue;
        seen.add(tag);
      }
      const doc = store.readDoc(Buffer.concat([prefix, recordId]), (bytes) => decodeDoc(bytes, recordId));
      if (!doc) continue; // removed since the walk began
      stats.docsExamined++;
      yield doc;
    }
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
