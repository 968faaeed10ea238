// A collection: documents by canonical _id key plus its secondary indexes. Every mutation is synchronous
// and reported to the journal sink before it returns, so a command never interleaves with another.
import { Binary, ObjectId, UUID } from 'bson';
import { Query } from './mingo';
import { CollectionIndex, IndexSpec, equalityValues } from './collection-index';
import { foldFilter, isCaseInsensitive } from './collation';
import { MongoServerError } from './errors';
import { compileSimpleFilter } from './simple-filter';
import { Doc, shellString, valueKey } from './values';

export type JournalRecord = Doc & { o: string };
export type JournalSink = (record: JournalRecord) => void;

export interface QueryPlan {
  /** IDHACK: _id lookup; IXSCAN: hash index lookup; COLLSCAN: every document tested. */
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN';
  indexName?: string;
  docsExamined: number;
  nReturned: number;
}

export interface MatchOptions {
  collation?: Doc;
  /** Evaluated `let` variables for `$expr`. */
  variables?: Doc;
}

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly indexes = new Map<string, CollectionIndex>();

  constructor(
    readonly db: string,
    readonly name: string,
    readonly uuid: Binary,
    readonly options: Doc,
    private readonly sink: JournalSink,
  ) {}

  static newUuid(): Binary {
    return new UUID().toBinary();
  }

  /** Views (`create` with viewOn + pipeline) hold no documents; reads run their pipeline. */
  get isView(): boolean {
    return typeof this.options.viewOn === 'string';
  }

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  /** Documents in insertion order (the "natural" order MongoDB returns without a sort). */
  all(): Doc[] {
    return [...this.docs.values()];
  }

  insert(doc: Doc): void {
    if (doc._id === undefined) doc = { _id: new ObjectId(), ...doc };
    else if (Object.keys(doc)[0] !== '_id') doc = { _id: doc._id, ...doc }; // mongod stores _id first
    if (Array.isArray(doc._id)) throw new MongoServerError(2, "can't use an array for _id");
    const id = valueKey(doc._id);
    if (this.docs.has(id)) throw this.duplicateIdError(doc._id);
    const keys = this.checkIndexes(doc, id);
    this.applyKeys(id, keys, 'add');
    this.docs.set(id, doc);
    this.sink({ o: 'p', db: this.db, c: this.name, doc });
  }

  /** Replaces the stored document having the same _id; `doc` must already be a fresh object. */
  replace(doc: Doc): void {
    const id = valueKey(doc._id);
    const old = this.docs.get(id);
    if (!old) throw new MongoServerError(1, 'document vanished during update');
    // Only the indexes whose fields changed are touched; every unique check passes before any index changes.
    const changed: { index: CollectionIndex; before: string[]; after: string[] }[] = [];
    for (const index of this.indexes.values()) {
      if (index.sameKeys(old, doc)) continue;
      const after = index.keysOf(doc);
      index.checkUnique(doc, id, after);
      changed.push({ index, before: index.keysOf(old), after });
    }
    for (const { index, before, after } of changed) {
      index.remove(id, before);
      index.add(id, after);
    }
    this.docs.set(id, doc);
    this.sink({ o: 'p', db: this.db, c: this.name, doc });
  }

  remove(doc: Doc): void {
    if (this.unlink(doc._id)) this.sink({ o: 'r', db: this.db, c: this.name, id: doc._id });
  }

  /** Replay path: put without checks or journaling (the journal already holds it). */
  restore(doc: Doc): void {
    const id = valueKey(doc._id);
    const old = this.docs.get(id);
    if (old) this.applyKeys(id, this.keysOf(old), 'remove');
    this.applyKeys(id, this.keysOf(doc), 'add');
    this.docs.set(id, doc);
  }

  restoreRemove(idValue: unknown): void {
    this.unlink(idValue);
  }

  private unlink(idValue: unknown): boolean {
    const id = valueKey(idValue);
    const old = this.docs.get(id);
    if (!old) return false;
    this.applyKeys(id, this.keysOf(old), 'remove');
    this.docs.delete(id);
    return true;
  }

  createIndex(spec: IndexSpec, journal = true): void {
    const index = new CollectionIndex(spec, this.ns);
    for (const [id, doc] of this.docs) {
      const keys = index.keysOf(doc);
      if (journal) index.checkUnique(doc, id, keys);
      index.add(id, keys);
    }
    this.indexes.set(spec.name, index);
    if (journal) this.sink({ o: 'i', db: this.db, c: this.name, spec });
  }

  dropIndex(name: string, journal = true): void {
    this.indexes.delete(name);
    if (journal) this.sink({ o: 'x', db: this.db, c: this.name, name });
  }

  /**
   * Documents matching `filter`, in natural order. Equality on _id or on a complete index narrows the
   * candidates through the hash maps; mingo decides the final match either way.
   */
  match(filter: Doc, opts: MatchOptions = {}): Doc[] {
    return this.matchWithPlan(filter, opts).docs;
  }

  /** `match` plus how it was answered (for `explain`). */
  matchWithPlan(filter: Doc, opts: MatchOptions = {}): { docs: Doc[]; plan: QueryPlan } {
    const { collation, variables } = opts;
    if (Object.keys(filter).length === 0) {
      const docs = [...this.docs.values()]; // nothing to test
      return { docs, plan: { stage: 'COLLSCAN', docsExamined: docs.length, nReturned: docs.length } };
    }
    if (isCaseInsensitive(collation)) filter = foldFilter(filter);
    const simple = collation || variables ? null : compileSimpleFilter(filter);
    // mingo also validates the filter, so it is built up front unless the simple path vouches for it.
    const build = () => new Query(filter, { ...(collation ? { collation: collation as never } : {}), ...(variables ? { variables } : {}) });
    let query = simple ? undefined : build();
    const mingoTest = (doc: Doc) => (query ??= build()).test(doc);
    const test = simple ? (doc: Doc) => simple(doc) ?? mingoTest(doc) : mingoTest;
    const planned = collation ? null : this.candidates(filter);
    const docs: Doc[] = [];
    for (const doc of planned?.docs ?? this.docs.values()) if (test(doc)) docs.push(doc);
    const docsExamined = planned?.docs.length ?? this.docs.size;
    const plan: QueryPlan = { stage: planned?.stage ?? 'COLLSCAN', docsExamined, nReturned: docs.length };
    if (planned?.indexName) plan.indexName = planned.indexName;
    return { docs, plan };
  }

  /** Candidates from _id, else from the index pinning the fewest documents; null means scan. */
  private candidates(filter: Doc): { docs: Doc[]; stage: QueryPlan['stage']; indexName?: string } | null {
    const idValues = equalityValues(filter._id);
    if (idValues) return { docs: this.resolve(idValues.map(valueKey)), stage: 'IDHACK' };
    let best: { ids: Set<string>; name: string } | null = null;
    for (const index of this.indexes.values()) {
      const ids = index.candidates(filter);
      if (ids && (!best || ids.size < best.ids.size)) best = { ids, name: index.spec.name };
      if (best?.ids.size === 0) break;
    }
    return best ? { docs: this.resolve(best.ids), stage: 'IXSCAN', indexName: best.name } : null;
  }

  private resolve(ids: Iterable<string>): Doc[] {
    const out: Doc[] = [];
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const doc = this.docs.get(id);
      if (doc) out.push(doc);
    }
    return out;
  }

  private keysOf(doc: Doc): string[][] {
    if (this.indexes.size === 0) return [];
    return [...this.indexes.values()].map((index) => index.keysOf(doc));
  }

  private checkIndexes(doc: Doc, id: string): string[][] {
    const all: string[][] = [];
    for (const index of this.indexes.values()) {
      const keys = index.keysOf(doc);
      index.checkUnique(doc, id, keys);
      all.push(keys);
    }
    return all;
  }

  private applyKeys(id: string, keys: string[][], op: 'add' | 'remove'): void {
    let i = 0;
    for (const index of this.indexes.values()) index[op](id, keys[i++]);
  }

  private duplicateIdError(id: unknown): MongoServerError {
    return new MongoServerError(
      11000,
      `E11000 duplicate key error collection: ${this.ns} index: _id_ dup key: { _id: ${shellString(id)} }`,
      { keyPattern: { _id: 1 }, keyValue: { _id: id } },
    );
  }
}
