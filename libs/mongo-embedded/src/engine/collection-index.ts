// One secondary index: a hash map from canonical key to the _id keys of the documents holding it.
// It enforces `unique` and serves equality lookups; ordering is left to mingo's sort.
import { Query } from 'mingo';
import { MongoServerError } from './errors';
import { Doc, pathValues, shellString, valueKey } from './values';

export interface IndexSpec {
  v?: number;
  key: Doc;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  [option: string]: unknown;
}

export class CollectionIndex {
  readonly fields: string[];
  private readonly entries = new Map<string, Set<string>>();
  private readonly partial?: Query;

  constructor(
    readonly spec: IndexSpec,
    private readonly ns: string,
  ) {
    this.fields = Object.keys(spec.key);
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression, {});
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** Usable to answer an equality lookup: it holds every document (no sparse/partial gaps). */
  get complete(): boolean {
    return !this.spec.sparse && !this.partial && !this.fields.some((f) => this.isSpecial(f));
  }

  private isSpecial(field: string): boolean {
    const dir = this.spec.key[field];
    return typeof dir === 'string'; // text, 2dsphere, hashed...: indexed like any other, never planned
  }

  /** Keys a document contributes, or an empty list when the index skips it. */
  keysOf(doc: Doc): string[] {
    if (this.partial && !this.partial.test(doc)) return [];
    const perField = this.fields.map((f) => pathValues(doc, f));
    if (this.spec.sparse && perField.every((vals) => vals.length === 0)) return [];
    let keys = [''];
    for (const vals of perField) {
      const fieldKeys = new Set<string>();
      if (vals.length === 0) fieldKeys.add(valueKey(null));
      for (const v of vals) {
        if (Array.isArray(v)) for (const el of v) fieldKeys.add(valueKey(el));
        fieldKeys.add(valueKey(v));
      }
      const next: string[] = [];
      for (const prefix of keys) for (const k of fieldKeys) next.push(prefix + '|' + k);
      keys = next;
    }
    return keys;
  }

  /** Throws E11000 when another document already holds one of `keys`. */
  checkUnique(doc: Doc, idKey: string, keys: string[]): void {
    if (!this.unique) return;
    for (const k of keys) {
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

  lookup(key: string): Iterable<string> {
    return this.entries.get(key) ?? [];
  }

  clear(): void {
    this.entries.clear();
  }
}
