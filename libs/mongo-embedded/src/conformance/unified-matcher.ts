// Result matching of MongoDB's unified test format: root documents may carry extra fields, nested ones
// may not; `$$`-operators ($$exists, $$type, $$unsetOrMatches, ...) are evaluated here.
import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import { isPlainObject } from '../engine/values';

type Doc = Record<string, unknown>;

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof Long || v instanceof Int32 || v instanceof Double) return Number(v.valueOf());
  if (v instanceof Decimal128) return Number(v.toString());
  return undefined;
}

function typeMatches(name: string, v: unknown): boolean {
  const n = asNumber(v);
  switch (name) {
    case 'double':
      return n !== undefined && !(v instanceof Long);
    case 'int':
      return n !== undefined && Number.isInteger(n) && !(v instanceof Long) && Math.abs(n) < 2 ** 31;
    case 'long':
      return n !== undefined && Number.isInteger(n);
    case 'decimal':
      return v instanceof Decimal128;
    case 'number':
      return n !== undefined;
    case 'string':
      return typeof v === 'string';
    case 'object':
      return isPlainObject(v);
    case 'array':
      return Array.isArray(v);
    case 'binData':
      return v instanceof Binary;
    case 'objectId':
      return v instanceof ObjectId;
    case 'bool':
      return typeof v === 'boolean';
    case 'date':
      return v instanceof Date;
    case 'null':
      return v === null;
    case 'regex':
      return v instanceof RegExp;
    case 'timestamp':
      return v instanceof Timestamp;
    default:
      return false;
  }
}

/** Throws an Error describing the first mismatch. */
export function assertMatches(expected: unknown, actual: unknown, root = true, path = '$'): void {
  const fail = (why: string): never => {
    throw new Error(`${path}: ${why}; expected ${show(expected)}, got ${show(actual)}`);
  };
  if (isPlainObject(expected)) {
    const keys = Object.keys(expected);
    if (keys.length === 1 && keys[0].startsWith('$$')) {
      const arg = expected[keys[0]];
      switch (keys[0]) {
        case '$$exists':
          if ((actual !== undefined) !== arg) fail('existence');
          return;
        case '$$type':
          if (!(Array.isArray(arg) ? arg : [arg]).some((t) => typeMatches(String(t), actual))) fail('type');
          return;
        case '$$unsetOrMatches':
          if (actual !== undefined) assertMatches(arg, actual, true, path);
          return;
        case '$$matchAsRoot':
          assertMatches(arg, actual, true, path);
          return;
        case '$$matchAsDocument':
          assertMatches(arg, typeof actual === 'string' ? JSON.parse(actual) : actual, true, path);
          return;
        case '$$lte':
          if (!((asNumber(actual) ?? NaN) <= (asNumber(arg) ?? NaN))) fail('not <=');
          return;
        case '$$sessionLsid':
        case '$$matchesEntity':
          return; // sessions are not modelled by this runner
        default:
          fail(`unsupported operator ${keys[0]}`);
      }
    }
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) fail('not a document');
    const act: Doc = actual instanceof Map ? Object.fromEntries(actual) : (actual as Doc);
    for (const k of keys) {
      const e = expected[k];
      if (isPlainObject(e) && e.$$exists === false) {
        if (act[k] !== undefined) fail(`unexpected field ${k}`);
        continue;
      }
      if (!(k in act) && !(isPlainObject(e) && ('$$unsetOrMatches' in e || '$$exists' in e))) fail(`missing field ${k}`);
      assertMatches(e, act[k], false, `${path}.${k}`);
    }
    if (!root) {
      const extra = Object.keys(act).filter((k) => !(k in expected) && act[k] !== undefined);
      if (extra.length) fail(`unexpected fields ${extra.join(', ')}`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) fail('not an array');
    const act = actual as unknown[];
    if (act.length !== expected.length) fail(`length ${act.length} != ${expected.length}`);
    // Documents of a result list are root-level documents themselves (extra fields allowed).
    expected.forEach((e, i) => assertMatches(e, act[i], root, `${path}[${i}]`));
    return;
  }
  const en = asNumber(expected);
  if (en !== undefined) {
    if (asNumber(actual) !== en) fail('number differs');
    return;
  }
  if (expected instanceof ObjectId || expected instanceof Binary || expected instanceof Timestamp || expected instanceof Date) {
    if (show(expected) !== show(actual)) fail('value differs');
    return;
  }
  if (expected !== actual) fail('value differs');
}

function show(v: unknown): string {
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}
