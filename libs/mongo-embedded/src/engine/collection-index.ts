// One index (the `_id` index included): ordered entries in LMDB, so that a walk over a byte range is a walk over a
// range of keys in MongoDB's order: `[index id][encoded key][record id]` with an empty value, or for a unique index
// `[index id][encoded key]` with the record id as value (a unique check is then one lookup). Arrays give one entry per
// element (multikey).
// Unique, sparse and partial indexes keep their semantics here; which range to walk is the planner's business.
import { Query } from './mingo';
import { MongoServerError } from './errors';
import { encodeKey, keyValues } from './key-encoding';
import type { LmdbStore } from '../storage/lmdb-store';
import { Doc, pathValues, sameValue, shellString } from './values';

export interface IndexSpec {
  v?: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  [option: string]: unknown;
}

/** An index as the catalog keeps it. */
export interface IndexMeta {
  id: number;
  spec: IndexSpec;
  /** Set once a document gave it more than one key (arrays); never cleared. Ranges and counts must know. */
  multikey?: boolean;
  /** Set once some key had to be cut to fit LMDB; never cleared. An entry then no longer spells its whole key. */
  cutKeys?: boolean;
  /**
   * The fields that gave a document more than one key (or run through an array), once `multikey` is set; never
   * cleared. Absent on a multikey index from before it was kept: then every field counts as one.
   */
  multikeyFields?: string[];
}

export const RECORD_ID_BYTES = 8;
/** LMDB refuses keys over 1978 bytes; longer encoded keys are cut (their entries then only narrow the candidates). */
const MAX_KEY_BYTES = 1900;
const EMPTY = Buffer.alloc(0);
/** Sorts after any key continuation: brackets stop at 0xFE and record ids never start with 0xFF. */
export const AFTER = Buffer.alloc(RECORD_ID_BYTES + 1, 0xff);

export function idPrefix(id: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32BE(id, 0);
  return out;
}

export interface IndexKeys {
  keys: Buffer[];
  multikey: boolean;
  /** Per field of the index, whether it gave this document more than one value (or runs through an array). */
  multikeyFields?: boolean[];
  /** Some key was cut to fit LMDB's limit. */
  cut: boolean;
}

export class CollectionIndex {
  readonly fields: string[];
  readonly descending: boolean[];
  readonly prefix: Buffer;
  readonly partial?: Query;
  readonly partialFields: string[];
  /** text, 2dsphere, hashed...: listed, never used to answer queries and holding no entries. */
  readonly special: boolean;
  /** False until the transaction that built it committed: readers must not plan on entries they cannot see yet. */
  ready = true;

  constructor(
    readonly meta: IndexMeta,
    private readonly ns: string,
    readonly store: LmdbStore,
  ) {
    const { spec } = meta;
    this.fields = Object.keys(spec.key);
    this.descending = this.fields.map((f) => Number(spec.key[f]) < 0);
    this.prefix = idPrefix(meta.id);
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression, {}) : undefined;
    this.partialFields = Object.keys(spec.partialFilterExpression ?? {});
    this.special = this.fields.some((f) => typeof spec.key[f] === 'string');
  }

  get spec(): IndexSpec {
    return this.meta.spec;
  }

  get name(): string {
    return this.meta.spec.name;
  }

  get unique(): boolean {
    return this.spec.unique === true || this.name === '_id_';
  }

  get multikey(): boolean {
    return this.meta.multikey === true;
  }

  /** Whether some document gave `field` more than one value: a sort or a count on it cannot trust the entries alone. */
  isMultikeyField(field: string): boolean {
    if (!this.multikey || field === '_id') return false; // an _id is never an array
    // On an index built before the fields were kept, every field may be the one (rebuilding it records them).
    return this.meta.multikeyFields === undefined || this.meta.multikeyFields.includes(field);
  }

  /** Every entry holds its document's whole key: a key built from another entry's fields can be looked up. */
  get wholeKeys(): boolean {
    return this.meta.cutKeys !== true;
  }

  /** The keys a document contributes, none when the index skips it (sparse, partial, special). */
  keysOf(doc: Doc): IndexKeys {
    if (this.special || (this.partial && !this.partial.test(doc)))
      return { keys: [], multikey: false, cut: false };
    if (this.spec.sparse && this.fields.every((f) => pathValues(doc, f).length === 0))
      return { keys: [], multikey: false, cut: false };
    const perField = this.fields.map((f) => keyValues(doc, f));
    if (perField.every((vals) => vals.length === 1)) {
      // One value per field (no arrays): one key, the common case.
      let key = encodeKey(
        perField.map((vals) => vals[0]),
        this.descending,
      );
      const cut = key.length > MAX_KEY_BYTES;
      if (cut) key = key.subarray(0, MAX_KEY_BYTES);
      const through = this.fields.map((f) => pathThroughArray(doc, f));
      return { keys: [key], multikey: through.some(Boolean), multikeyFields: through, cut };
    }
    // Each field's distinct values encoded once; the keys are their concatenations (each value's encoding ends
    // itself, so distinct combinations give distinct keys: only cut keys can meet).
    let keys: Buffer[] = [EMPTY];
    perField.forEach((vals, i) => {
      const parts = new Map<string, Buffer>();
      for (const v of vals) {
        const part = encodeKey([v], [this.descending[i]]);
        parts.set(part.toString('latin1'), part);
      }
      const next: Buffer[] = [];
      for (const head of keys) for (const part of parts.values()) next.push(head.length ? Buffer.concat([head, part]) : part);
      keys = next;
    });
    let cut = false;
    if (keys.some((key) => key.length > MAX_KEY_BYTES)) {
      cut = true;
      const byBytes = new Map(keys.map((key) => key.subarray(0, MAX_KEY_BYTES)).map((key) => [key.toString('latin1'), key]));
      keys = [...byBytes.values()];
    }
    const multikeyFields = perField.map(
      (vals, i) => vals.length > 1 || pathThroughArray(doc, this.fields[i]),
    );
    return { keys, multikey: multikeyFields.some(Boolean), multikeyFields, cut };
  }

  add(recordId: Buffer, keys: IndexKeys): void {
    const { entries } = this.store;
    if (this.unique && keys.cut)
      throw new MongoServerError(17280, `key too large to index in ${this.ns} index ${this.name}`);
    for (const key of keys.keys) {
      if (this.unique) entries.putSync(Buffer.concat([this.prefix, key]), recordId);
      else entries.putSync(Buffer.concat([this.prefix, key, recordId]), EMPTY);
    }
    if (keys.multikey) this.noteMultikey(keys.multikeyFields);
    if (keys.cut && !this.meta.cutKeys) this.meta.cutKeys = true;
  }

  private noteMultikey(perField: boolean[] | undefined): void {
    const fields = perField ? this.fields.filter((_, i) => perField[i]) : this.fields;
    if (!this.meta.multikey) {
      this.meta.multikey = true;
      this.meta.multikeyFields = fields;
    } else if (this.meta.multikeyFields && fields.some((f) => !this.meta.multikeyFields!.includes(f))) {
      this.meta.multikeyFields = [...new Set([...this.meta.multikeyFields, ...fields])];
    }
  }

  remove(recordId: Buffer, keys: IndexKeys): void {
    const { entries } = this.store;
    for (const key of keys.keys) {
      if (!this.unique) {
        entries.removeSync(Buffer.concat([this.prefix, key, recordId]));
        continue;
      }
      const entry = Buffer.concat([this.prefix, key]);
      if (entries.getBinary(entry)?.equals(recordId)) entries.removeSync(entry);
    }
  }

  /** Record ids holding exactly `key` (at most `limit`). */
  holders(key: Buffer, limit = Infinity): Buffer[] {
    if (this.unique) {
      const holder = this.store.entries.getBinary(Buffer.concat([this.prefix, key]));
      return holder ? [Buffer.from(holder)] : [];
    }
    const start = Buffer.concat([this.prefix, key]);
    const out: Buffer[] = [];
    for (const entry of this.store.entries.getKeys({
      start,
      end: Buffer.concat([start, AFTER]),
      limit: limit === Infinity ? undefined : limit,
    })) {
      if (entry.length !== start.length + RECORD_ID_BYTES) continue; // a longer key that merely starts alike
      out.push(Buffer.from(entry.subarray(entry.length - RECORD_ID_BYTES)));
    }
    return out;
  }

  /** Throws E11000 when another document already holds one of this document's keys (a unique index's keys are never cut). */
  checkUnique(doc: Doc, recordId: Buffer | null, keys: IndexKeys): void {
    if (!this.unique) return;
    if (keys.cut)
      throw new MongoServerError(17280, `key too large to index in ${this.ns} index ${this.name}`);
    for (const key of keys.keys) {
      const [other] = this.holders(key);
      if (other && !(recordId && other.equals(recordId))) throw this.duplicateError(doc);
    }
  }

  /**
   * Whether `before` and `after` give this index the same keys because every field it reads (its key fields
   * and its partial filter's) holds equal values in both: an update that leaves them alone needs no index work.
   */
  sameKeys(before: Doc, after: Doc): boolean {
    if (this.partialFields.some((f) => f.startsWith('$'))) return false;
    for (const field of this.partial ? [...this.fields, ...this.partialFields] : this.fields) {
      const a = pathValues(before, field);
      const b = pathValues(after, field);
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    }
    return true;
  }

  duplicateError(doc: Doc): MongoServerError {
    const keyValue: Doc = {};
    for (const f of this.fields) {
      const vals = pathValues(doc, f);
      keyValue[f] = vals.length ? vals[0] : null;
    }
    const rendered = Object.entries(keyValue)
      .map(([k, v]) => `${k}: ${shellString(v)}`)
      .join(', ');
    return new MongoServerError(
      11000,
      `E11000 duplicate key error collection: ${this.ns} index: ${this.name} dup key: { ${rendered} }`,
      { keyPattern: { ...this.spec.key }, keyValue },
    );
  }

  /** Every entry of the index, to drop it. */
  clear(): void {
    const end = Buffer.concat([this.prefix, Buffer.alloc(1, 0xff)]);
    for (const key of this.store.entries.getKeys({ start: this.prefix, end }))
      this.store.entries.removeSync(key);
  }
}

/** A dotted path that passes through an array (`a.b` over `a: [{ b }, { b }]`) makes an index multikey too. */
function pathThroughArray(doc: Doc, field: string): boolean {
  if (!field.includes('.')) return false;
  let v: unknown = doc;
  for (const part of field.split('.')) {
    if (Array.isArray(v)) return true;
    if (v === null || typeof v !== 'object') break;
    v = (v as Doc)[part];
  }
  return false;
}
