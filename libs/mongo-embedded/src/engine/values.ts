// Value helpers for BSON-typed documents held in memory: canonical keys (for hash indexes), deep clone,
// dotted-path access and the shell-like rendering MongoDB uses in duplicate-key messages.
import { BSONRegExp, Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson';
import { fromBsonRegExp } from './regex';

export type Doc = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Doc {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Canonical string for a value: equal BSON values (numbers of any width included) give equal keys,
 * and field order inside sub-documents matters as it does for MongoDB equality.
 */
export function valueKey(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return 'n' + (Object.is(v, -0) ? 0 : v);
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'bigint':
      return 'n' + Number(v);
    case 'function':
    case 'symbol':
      return '?' + String(v);
    case 'undefined':
    case 'object':
      break;
  }
  if (v instanceof ObjectId) return 'o' + v.toHexString();
  if (v instanceof Date) return 't' + v.getTime();
  if (Array.isArray(v)) return '[' + v.map(valueKey).join(',') + ']';
  if (v instanceof Long) {
    const n = v.toNumber(); // Longs beyond 2^53 only ever equal themselves: keep every digit
    return Number.isSafeInteger(n) ? 'n' + n : 'n' + v.toString();
  }
  if (v instanceof Decimal128) return 'n' + Number(v.toString());
  if (v instanceof Binary) return 'x' + v.sub_type + ':' + Buffer.from(v.buffer).toString('base64');
  if (v instanceof Timestamp) return 'T' + v.toString();
  if (v instanceof RegExp) return 'r' + v.toString();
  if (typeof v === 'object') {
    const bsontype = (v as { _bsontype?: string })._bsontype;
    let out = bsontype ? `{${bsontype}` : '{';
    for (const [k, x] of Object.entries(v as Doc)) out += JSON.stringify(k) + ':' + valueKey(x) + ',';
    return out + '}';
  }
  return '?' + String(v);
}

/**
 * Whether two values are equal as `valueKey` defines it, compared structurally: plain objects field by field in
 * order, arrays element by element, stopping at the first difference. An update's no-op check asks this of the whole
 * document before and after, so it must not build a key of each (and keys joined by commas can collide).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    const others = Object.keys(b);
    if (keys.length !== others.length) return false;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== others[i] || !sameValue(a[keys[i]], b[keys[i]])) return false;
    }
    return true;
  }
  if (Array.isArray(b) || (typeof a !== 'object' && typeof b !== 'object' && typeof a === typeof b && typeof a !== 'number'))
    return false;
  return valueKey(a) === valueKey(b);
}

/**
 * mingo compares and sums only JavaScript numbers, so Decimal128 values are turned into numbers as
 * commands arrive (int64 already arrives as a number when it fits in 53 bits; larger Longs, such as
 * cursor ids, are left alone). Precision beyond a double is lost. BSON regular expressions become RegExps
 * (see `fromBsonRegExp`) in the same pass.
 */
export function numericize(v: unknown): unknown {
  if (v instanceof Decimal128) return Number(v.toString());
  if (v instanceof BSONRegExp) return fromBsonRegExp(v);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = numericize(v[i]);
  } else if (isPlainObject(v)) {
    for (const k of Object.keys(v)) v[k] = numericize(v[k]);
  }
  return v;
}

/** Deep copy of plain objects and arrays; BSON value classes are immutable and shared, Dates copied. */
export function cloneDeep<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneDeep) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = cloneDeep(v[k]);
    return out as T;
  }
  return v;
}

/** Every value reachable by a dotted path, descending into arrays the way MongoDB indexes do. */
export function pathValues(doc: unknown, path: string): unknown[] {
  const parts = path.split('.');
  const out: unknown[] = [];
  const walk = (v: unknown, i: number): void => {
    if (i === parts.length) {
      out.push(v);
      return;
    }
    if (Array.isArray(v)) {
      const idx = /^\d+$/.test(parts[i]) ? Number(parts[i]) : -1;
      if (idx >= 0 && idx < v.length) walk(v[idx], i + 1);
      for (const el of v) if (el !== null && typeof el === 'object' && !Array.isArray(el)) walk(el, i);
      return;
    }
    if (v !== null && typeof v === 'object' && parts[i] in (v as Doc)) walk((v as Doc)[parts[i]], i + 1);
  };
  walk(doc, 0);
  return out;
}

/** Sets a dotted path, creating intermediate objects (used to seed upserts from a filter). */
export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = cur[parts[i]];
    if (!isPlainObject(next)) cur[parts[i]] = {};
    cur = cur[parts[i]] as Doc;
  }
  cur[parts[parts.length - 1]] = value;
}

/** Renders a value like the mongo shell does inside `dup key: { ... }`. */
export function shellString(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return '[ ' + v.map(shellString).join(', ') + ' ]';
  if (isPlainObject(v)) {
    const entries = Object.entries(v).map(([k, x]) => `${k}: ${shellString(x)}`);
    return entries.length ? `{ ${entries.join(', ')} }` : '{}';
  }
  return String(v);
}
