// A collection in LMDB: documents as BSON under `[collection id][record id]` (record ids grow with each insert, so a
// walk over them is MongoDB's natural order) and its indexes' entries. Writes run inside the store's write
// transaction (one per command); reads decode documents only as a walk reaches them.
import { BSON, Binary, ObjectId, UUID } from 'bson';
import type { LmdbStore } from '../storage/lmdb-store';
import { foldFilter, isCaseInsensitive } from './collation';
import {
  CollectionIndex,
  IndexKeys,
  IndexMeta,
  IndexSpec,
  RECORD_ID_BYTES,
  idPrefix,
} from './collection-index';
import { MongoServerError } from './errors';
import { QueryPlan, planQuery } from './planner';
import {
  ScanStats,
  compileTest,
  filtered,
  walkIndex,
  walkIndexBytes,
  walkIndexIdBytes,
  walkIndexIds,
  walkIndexParts,
} from './scan';
import { pickFields } from './bson-fields';
import { RawDocument, type BatchDoc } from './raw-document';
import { Doc, shellString } from './values';

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export interface CollectionMeta {
  id: number;
  db: string;
  name: string;
  uuid: Binary;
  options: Doc;
  /** The `_id` index first. */
  indexes: IndexMeta[];
}

export interface MatchOptions {
  collation?: Doc;
  /** Evaluated `let` variables for `$expr`. */
  variables?: Doc;
  /** A sort the plan may give by walking an index in order (`$natural: ±1` walks the records). */
  sort?: Doc;
  /** skip + limit, when bounded. */
  keep?: number;
  /** The caller keeps only `_id`: a covered plan over an index holding `_id` then reads no document. */
  idsOnly?: boolean;
  /** The caller keeps only these top-level fields: a covered plan then decodes only them of each document. */
  fields?: ReadonlySet<string>;
  /** With `fields`: the caller can send documents as BSON bytes (Found.raw), so a covered plan need not decode them. */
  raw?: boolean;
}

export interface Found {
  /** Matching documents, decoded lazily. */
  docs: Iterable<Doc>;
  /** The same documents as `fields`' bytes where they parse (else decoded whole), when `raw` was asked and the plan can. */
  raw?: Iterable<BatchDoc>;
  plan: QueryPlan;
  stats: ScanStats;
}

/** What the catalog does for its collections: ids for new indexes, persisting changed metadata. */
export interface CatalogPort {
  allocateId(): number;
  save(coll: Collection): void;
}

/** Anything a read command can read: a collection, or a view's computed documents. */
export interface ReadableCollection {
  readonly name: string;
  readonly uuid: Binary;
  readonly options: Doc;
  readonly isView: boolean;
  readonly ns: string;
  find(filter: Doc, opts?: MatchOptions): Found;
  all(): Iterable<Doc>;
  count(): number;
  indexSpecs(): IndexSpec[];
  indexNamed(name: string): CollectionIndex | undefined;
}

const DESERIALIZE: BSON.DeserializeOptions = {
  promoteLongs: true,
  promoteValues: true,
  promoteBuffers: false,
};
/** The record id each decoded document came from, so updates and deletes need no second lookup. */
const recordOf = new WeakMap<Doc, Buffer>();

/**
 * `shared`: `value` is a range walk's buffer, which LMDB reuses; Binary values would keep pointing into it, so it is
 * copied first.
 */
export function decodeDoc(value: Uint8Array, recordId: Buffer, shared = false): Doc {
  const doc = BSON.deserialize(shared ? Buffer.from(value) : value, DESERIALIZE) as Doc;
  recordOf.set(doc, recordId);
  return doc;
}

/** The top-level `fields` of a stored document (all of it when its bytes do not parse as expected). */
export function decodeFields(value: Uint8Array, fields: ReadonlySet<string>): Doc {
  return BSON.deserialize(pickFields(value, fields) ?? Buffer.from(value), DESERIALIZE) as Doc;
}

/** The top-level `fields` of a stored document as bytes to send; decoded whole when its bytes do not parse. */
export function rawFields(value: Uint8Array, fields: ReadonlySet<string>): BatchDoc {
  const picked = pickFields(value, fields);
  return picked ? new RawDocument(picked) : (BSON.deserialize(Buffer.from(value), DESERIALIZE) as Doc);
}

export class Collection implements ReadableCollection {
  readonly idIndex: CollectionIndex;
  /** Secondary indexes by name. */
  readonly indexes = new Map<string, CollectionIndex>();
  readonly prefix: Buffer;
  private nextRecord: number;
  private size: number | undefined;

  constructor(
    readonly meta: CollectionMeta,
    private readonly store: LmdbStore,
    private readonly port: CatalogPort,
  ) {
    this.prefix = idPrefix(meta.id);
    const [idMeta, ...rest] = meta.indexes;
    this.idIndex = new CollectionIndex(idMeta, this.ns, store);
    for (const m of rest) this.indexes.set(m.spec.name, new CollectionIndex(m, this.ns, store));
    const [last] = store.docs.getKeys({ start: this.end(), end: this.prefix, reverse: true, limit: 1 });
    this.nextRecord = last ? readRecordId(last.subarray(4)) + 1 : 1;
  }

  static newUuid(): Binary {
    return new UUID().toBinary();
  }

  get db(): string {
    return this.meta.db;
  }

  get name(): string {
    return this.meta.name;
  }

  get uuid(): Binary {
    return this.meta.uuid;
  }

  get options(): Doc {
    return this.meta.options;
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

  indexNamed(name: string): CollectionIndex | undefined {
    return name === '_id_' ? this.idIndex : this.indexes.get(name);
  }

  /** Documents in natural order, decoded as they are reached. */
  all(): Iterable<Doc> {
    return this.walkRecords(false, { keysExamined: 0, docsExamined: 0 });
  }

  count(): number {
    this.size ??= this.store.docs.getKeysCount({ start: this.prefix, end: this.end() });
    return this.size;
  }

  find(filter: Doc, opts: MatchOptions = {}): Found {
    const { collation, sort } = opts;
    if (isCaseInsensitive(collation)) filter = foldFilter(filter);
    const test = compileTest(filter, opts);
    const stats: ScanStats = { keysExamined: 0, docsExamined: 0 };
    let plan: QueryPlan;
    if (sort && '$natural' in sort)
      plan = { stage: 'COLLSCAN', ranges: [], reverse: sort.$natural === -1, sorted: true, covered: false };
    else if (collation)
      plan = { stage: 'COLLSCAN', ranges: [], reverse: false, sorted: false, covered: false };
    else plan = planQuery([this.idIndex, ...this.indexes.values()], { filter, sort, keep: opts.keep });
    const fromEntries =
      opts.idsOnly &&
      plan.covered &&
      plan.index?.fields.includes('_id') &&
      !collation &&
      !opts.variables &&
      (!sort || plan.sorted);
    // A covered plan's ranges hold exactly the matches: nothing is left for the filter to decide.
    if (fromEntries)
      return {
        docs: walkIndexIds(plan, this.store, this.prefix, stats),
        ...(opts.raw ? { raw: walkIndexIdBytes(plan, this.store, this.prefix, stats) } : {}),
        plan,
        stats,
      };
    const inPart =
      opts.fields && plan.covered && plan.index && !collation && !opts.variables && (!sort || plan.sorted);
    if (inPart)
      return {
        docs: walkIndexParts(plan, this.store, this.prefix, stats, opts.fields!),
        ...(opts.raw ? { raw: walkIndexBytes(plan, this.store, this.prefix, stats, opts.fields!) } : {}),
        plan,
        stats,
      };
    const walk = plan.index
      ? walkIndex(plan, this.store, this.prefix, stats)
      : this.walkRecords(plan.reverse, stats);
    return { docs: filtered(walk, test), plan, stats };
  }

  /** Matching documents, all at once (writes collect their targets before changing any). */
  match(filter: Doc, opts: MatchOptions = {}): Doc[] {
    return [...this.find(filter, opts).docs];
  }

  /** How many documents match: the index entries alone when the plan's ranges hold exactly the matches. */
  /** How many documents match, at most `cap` (after `skip`): counted from index entries when the plan is covered. */
  countMatching(filter: Doc, opts: MatchOptions = {}, skip = 0, cap = Infinity): number {
    const bounded = (n: number) => Math.max(0, Math.min(cap, n - skip));
    if (Object.keys(filter).length === 0) return bounded(this.count());
    const found = this.find(filter, opts);
    if (found.plan.covered && !opts.collation && !opts.variables) {
      let n = 0;
      for (const range of found.plan.ranges) {
        if (n >= skip + cap) break;
        n += this.store.entries.getKeysCount({ ...range, limit: skip + cap - n });
      }
      return bounded(n);
    }
    let n = 0;
    for (const doc of found.docs) if (doc && ++n >= skip + cap) break;
    return bounded(n);
  }

  insert(doc: Doc, checks = true): void {
    this.store.assertWriting();
    if (doc._id === undefined) doc = { _id: new ObjectId(), ...doc };
    else if (Object.keys(doc)[0] !== '_id') doc = { _id: doc._id, ...doc }; // mongod stores _id first
    if (Array.isArray(doc._id)) throw new MongoServerError(2, "can't use an array for _id");
    const idKeys = this.idIndex.keysOf(doc);
    if (idKeys.cut)
      throw new MongoServerError(17280, `_id too large to index: ${shellString(doc._id).slice(0, 100)}...`);
    const existing = this.idIndex.holders(idKeys.keys[0], 1)[0];
    if (existing && checks) throw this.duplicateIdError(doc._id);
    if (existing) this.removeRecord(existing);
    const recordId = writeRecordId(this.nextRecord++);
    const secondary = [...this.indexes.values()];
    const keys = secondary.map((index) => {
      const k = index.keysOf(doc);
      if (checks) index.checkUnique(doc, recordId, k);
      return k;
    });
    this.store.putDoc(this.docKey(recordId), BSON.serialize(doc));
    this.idIndex.add(recordId, idKeys);
    this.addKeys(recordId, secondary, keys);
    if (this.size !== undefined) this.size++;
  }

  /** Replaces `before` (a document read from this collection) with `after`, which keeps its _id. */
  replace(before: Doc, after: Doc): void {
    this.store.assertWriting();
    const recordId = this.recordIdOf(before);
    if (!recordId) throw new MongoServerError(1, 'document vanished during update');
    // Only the indexes whose fields changed are touched; every unique check passes before any index changes.
    const changed: { index: CollectionIndex; before: IndexKeys; after: IndexKeys }[] = [];
    for (const index of this.indexes.values()) {
      if (index.sameKeys(before, after)) continue;
      const keys = index.keysOf(after);
      index.checkUnique(after, recordId, keys);
      changed.push({ index, before: index.keysOf(before), after: keys });
    }
    this.store.putDoc(this.docKey(recordId), BSON.serialize(after));
    for (const c of changed) c.index.remove(recordId, c.before);
    this.addKeys(
      recordId,
      changed.map((c) => c.index),
      changed.map((c) => c.after),
    );
  }

  remove(doc: Doc): void {
    this.store.assertWriting();
    const recordId = this.recordIdOf(doc);
    if (recordId) this.removeRecord(recordId, doc);
  }

  /** Removes the document with this _id, if any (the old journal's removal record). */
  removeById(id: unknown): void {
    const [recordId] = this.idIndex.holders(this.idIndex.keysOf({ _id: id }).keys[0], 1);
    if (recordId) this.removeRecord(recordId);
  }

  createIndex(spec: IndexSpec, checks = true): void {
    this.store.assertWriting();
    const index = new CollectionIndex({ id: this.port.allocateId(), spec }, this.ns, this.store);
    index.ready = false;
    for (const { key, value } of this.store.docs.getRange({ start: this.prefix, end: this.end() })) {
      const recordId = Buffer.from(key.subarray(4));
      const doc = decodeDoc(value, recordId, true);
      const keys = index.keysOf(doc);
      if (checks) index.checkUnique(doc, recordId, keys);
      index.add(recordId, keys);
    }
    this.indexes.set(spec.name, index);
    this.meta.indexes.push(index.meta);
    this.port.save(this);
    this.store.afterCommit(() => {
      index.ready = true;
    });
  }

  dropIndex(name: string): void {
    this.store.assertWriting();
    const index = this.indexes.get(name);
    if (!index) return;
    index.clear();
    this.indexes.delete(name);
    this.meta.indexes = this.meta.indexes.filter((m) => m.spec.name !== name);
    this.port.save(this);
  }

  /** Removes every document and index entry (the catalog forgets the collection). */
  clear(): void {
    this.store.assertWriting();
    this.store.removeDocs({ start: this.prefix, end: this.end() });
    this.idIndex.clear();
    for (const index of this.indexes.values()) index.clear();
    this.size = 0;
  }

  private *walkRecords(reverse: boolean, stats: ScanStats): Generator<Doc> {
    const range = reverse
      ? { start: this.end(), end: this.prefix, reverse }
      : { start: this.prefix, end: this.end() };
    for (const { key, value } of this.store.docs.getRange(range)) {
      stats.docsExamined++;
      const recordId = Buffer.from(key.subarray(4));
      yield this.store.readDoc(key, (bytes) => decodeDoc(bytes, recordId, true), value) as Doc;
    }
  }

  private addKeys(recordId: Buffer, indexes: CollectionIndex[], keys: IndexKeys[]): void {
    let metaChanged = false;
    indexes.forEach((index, i) => {
      const was = [index.multikey, index.wholeKeys, index.meta.multikeyFields?.length];
      index.add(recordId, keys[i]);
      if (
        index.multikey !== was[0] ||
        index.wholeKeys !== was[1] ||
        index.meta.multikeyFields?.length !== was[2]
      )
        metaChanged = true;
    });
    if (metaChanged) this.port.save(this);
  }

  private removeRecord(recordId: Buffer, known?: Doc): void {
    const doc = known ?? this.fetch(recordId);
    if (!doc) return;
    this.idIndex.remove(recordId, this.idIndex.keysOf(doc));
    for (const index of this.indexes.values()) index.remove(recordId, index.keysOf(doc));
    this.store.putDoc(this.docKey(recordId), undefined);
    if (this.size !== undefined) this.size--;
  }

  private recordIdOf(doc: Doc): Buffer | undefined {
    return recordOf.get(doc) ?? this.idIndex.holders(this.idIndex.keysOf(doc).keys[0], 1)[0];
  }

  private fetch(recordId: Buffer): Doc | undefined {
    return this.store.readDoc(this.docKey(recordId), (bytes) => decodeDoc(bytes, recordId));
  }

  private docKey(recordId: Buffer): Buffer {
    return Buffer.concat([this.prefix, recordId]);
  }

  private end(): Buffer {
    return idPrefix(this.meta.id + 1);
  }

  private duplicateIdError(id: unknown): MongoServerError {
    return new MongoServerError(
      11000,
      `E11000 duplicate key error collection: ${this.ns} index: _id_ dup key: { _id: ${shellString(id)} }`,
      { keyPattern: { _id: 1 }, keyValue: { _id: id } },
    );
  }
}

function writeRecordId(n: number): Buffer {
  const out = Buffer.allocUnsafe(RECORD_ID_BYTES);
  out.writeUInt32BE(Math.floor(n / 0x1_0000_0000), 0);
  out.writeUInt32BE(n >>> 0, 4);
  return out;
}

function readRecordId(b: Buffer): number {
  return b.readUInt32BE(0) * 0x1_0000_0000 + b.readUInt32BE(4);
}
