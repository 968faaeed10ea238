// One secondary index: a hash map from canonical key to the _id keys of the documents holding it.
// It enforces `unique` and serves equality lookups on any prefix of its fields (so { a: 1, b: 1 }
// answers `{ a }` and `{ a, b }`); ordering and ranges are left to mingo.
import { Query } from './mingo';
import { MongoServerError } from './errors';
import { Doc, isPlainObject, pathValues, shellString, valueKey } from './values';

export interface IndexSpec {
  v?: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  [option: string]: unknown;
}

/** Keys are tagged with how many leading fields they cover: `2:|<a>|<b>`. */
const tag = (fields: number, key: string) => `${fields}:${key}`;

export class CollectionIndex {
  readonly fields: string[];
  private readonly entries = new Map<string, Set<string>>();
  private readonly partial?: Query;
  private readonly partialFields: string[];
  private readonly special: boolean;

  constructor(
    readonly spec: IndexSpec,
    private readonly ns: string,
  ) {
    this.fields = Object.keys(spec.key);
    this.partial = spec.partialFilterExpression ? new Query(spec.partialFilterExpression, {}) : undefined;
    this.partialFields = Object.keys(spec.partialFilterExpression ?? {});
    // text, 2dsphere, hashed...: kept and listed, never used to answer queries
    this.special = this.fields.some((f) => typeof spec.key[f] === 'string');
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** Keys a document contributes (every prefix), or an empty list when the index skips it. */
  keysOf(doc: Doc): string[] {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => pathValues(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.length === 0)) return [];
    const out: string[] = [];
    let prefixes = [''];
    perField.forEach((vals, i) => {
      const fieldKeys = new Set<string>();
      if (vals.length === 0) fieldKeys.add(valueKey(null));
      for (const v of vals) {
        if (Array.isArray(v)) for (const el of v) fieldKeys.add(valueKey(el));
        fieldKeys.add(valueKey(v));
      }
      const next: string[] = [];
      for (const prefix of prefixes) for (const k of fieldKeys) next.push(prefix + '|' + k);
      prefixes = next;
      for (const p of prefixes) out.push(tag(i + 1, p));
    });
    return out;
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
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && valueKey(a[i]) !== valueKey(b[i])) return false;
    }
    return true;
  }

  /** Throws E11000 when another document already holds this document's full key. */
  checkUnique(doc: Doc, idKey: string, keys: string[]): void {
    if (!this.unique) return;
    const full = tag(this.fields.length, '');
    for (const k of keys) {
      if (!k.startsWith(full)) continue;
      const holders = this.entries.get(k);
      if (!holders) continue;
      for (const other of holders) if (other !== idKey) throw this.duplicateError(doc);
    }
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
      `E11000 duplicate key error collection: ${this.ns} index: ${this.spec.name} dup key: { ${rendered} }`,
      { keyPattern: { ...this.spec.key }, keyValue },
    );
  }

  add(idKey: string, keys: string[]): void {
    for (const k of keys) {
      let set = this.entries.get(k);
      if (!set) this.entries.set(k, (set = new Set()));
      set.add(idKey);
    }
  }

  remove(idKey: string, keys: string[]): void {
    for (const k of keys) {
      const set = this.entries.get(k);
      if (!set) continue;
      set.delete(idKey);
      if (set.size === 0) this.entries.delete(k);
    }
  }

  /**
   * The _id keys of every document that can match `filter`, when the filter pins a leading run of this
   * index's fields to values (equality or `$in`) and the index holds every such document; else null.
   */
  candidates(filter: Doc): Set<string> | null {
    if (this.special) return null;
    const pinned: unknown[][] = [];
    for (const f of this.fields) {
      const vals = equalityValues(filter[f]);
      if (!vals) break;
      pinned.push(vals);
    }
    if (pinned.length === 0 || !this.covers(pinned)) return null;
    let keys = [''];
    for (const vals of pinned) {
      const next: string[] = [];
      for (const prefix of keys) for (const v of vals) next.push(prefix + '|' + valueKey(v));
      keys = next;
    }
    const ids = new Set<string>();
    for (const k of keys) for (const id of this.entries.get(tag(pinned.length, k)) ?? []) ids.add(id);
    return ids;
  }

  /** Sparse and partial indexes skip documents; use them only when the pinned values imply inclusion. */
  private covers(pinned: unknown[][]): boolean {
    if (this.spec.sparse && pinned.some((vals) => vals.some((v) => v === null))) return false;
    if (!this.partial) return true;
    const pinnedFields = this.fields.slice(0, pinned.length);
    if (!this.partialFields.every((f) => pinnedFields.includes(f))) return false;
    return pinned.every((vals, i) => vals.every((v) => this.partial?.test({ [pinnedFields[i]]: v })));
  }
}

/** Values a filter clause pins a field to (plain equality, `$eq`, `$in`), or null when it does not. */
export function equalityValues(clause: unknown): unknown[] | null {
  if (clause === undefined || clause instanceof RegExp) return null;
  if (isPlainObject(clause)) {
    const keys = Object.keys(clause);
    if (keys.length === 0 || !keys[0].startsWith('$')) return [clause];
    if (keys.length !== 1) return null;
    if (keys[0] === '$eq') return clause.$eq instanceof RegExp || isPlainObject(clause.$eq) ? null : [clause.$eq];
    if (keys[0] === '$in' && Array.isArray(clause.$in)) {
      const vals = clause.$in as unknown[];
      return vals.some((v) => v instanceof RegExp || isPlainObject(v) || Array.isArray(v) || v === null) ? null : vals;
    }
    return null;
  }
  return [clause];
}
