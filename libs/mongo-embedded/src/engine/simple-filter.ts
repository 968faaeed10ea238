// A fast path for the filters applications send most: fields compared to plain values with equality, `$in` and
// numeric or date ranges. Building a mingo Query copies its whole operator table, which costs more than matching
// a handful of candidates, so such filters are compiled once here instead. Whatever this path is not sure about
// (arrays and sub-documents on the way, BSON types other than strings, numbers, booleans, dates and ObjectIds, NaN) it
// answers `undefined`, and the caller asks mingo: the answers are mingo's, only cheaper.
import { ObjectId } from 'bson';
import { isPlainObject, valueKey, type Doc } from './values';

/** true / false when certain, undefined when mingo must decide for this document. */
export type SimpleMatcher = (doc: Doc) => boolean | undefined;

type Scalar = string | number | boolean | Date | ObjectId;
type Check = (value: Scalar) => boolean;

const RANGE_OPERATORS = {
  $gt: (a: number, b: number) => a > b,
  $gte: (a: number, b: number) => a >= b,
  $lt: (a: number, b: number) => a < b,
  $lte: (a: number, b: number) => a <= b,
} as const;

const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && !Number.isNaN(v)) ||
  (v instanceof Date && !Number.isNaN(v.getTime())) ||
  v instanceof ObjectId;

/** BSON equality between two scalars: same type and value (every number width compares as a number). */
function equals(a: Scalar, b: Scalar): boolean {
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof ObjectId) return b instanceof ObjectId && a.equals(b);
  return a === b;
}

/** Ranges compare numbers with numbers and dates with dates; other types never match (type bracketing). */
function rangeCheck(operator: keyof typeof RANGE_OPERATORS, bound: unknown): Check | null {
  const compare = RANGE_OPERATORS[operator];
  if (typeof bound === 'number' && !Number.isNaN(bound)) return (v) => typeof v === 'number' && compare(v, bound);
  if (bound instanceof Date && !Number.isNaN(bound.getTime())) {
    const time = bound.getTime();
    return (v) => v instanceof Date && compare(v.getTime(), time);
  }
  return null;
}

function clauseCheck(clause: unknown): Check | null {
  if (isScalar(clause)) return (v) => equals(v, clause);
  if (!isPlainObject(clause)) return null;
  const operators = Object.keys(clause);
  if (operators.length === 0) return null;
  const checks: Check[] = [];
  for (const operator of operators) {
    const operand = clause[operator];
    if (operator === '$eq') {
      if (!isScalar(operand)) return null;
      checks.push((v) => equals(v, operand));
    } else if (operator === '$in') {
      if (!Array.isArray(operand) || !operand.every(isScalar)) return null;
      // A set of canonical keys: `_id: { $in: [hundreds of ids] }` costs one lookup per document, not a scan.
      const keys = new Set(operand.map(valueKey));
      checks.push((v) => keys.has(valueKey(v)));
    } else if (Object.hasOwn(RANGE_OPERATORS, operator)) {
      const check = rangeCheck(operator as keyof typeof RANGE_OPERATORS, operand);
      if (!check) return null;
      checks.push(check);
    } else {
      return null;
    }
  }
  return checks.length === 1 ? checks[0] : (v) => checks.every((check) => check(v));
}

/** The value at a dotted path through plain sub-documents; `undefined` for an array or other object on the way. */
function resolve(doc: Doc, path: readonly string[]): { value: unknown } | undefined {
  let current: unknown = doc;
  for (const part of path) {
    if (current === null || current === undefined) return { value: undefined };
    if (!isPlainObject(current)) return undefined; // arrays and BSON objects: mingo's rules
    current = current[part];
  }
  return { value: current };
}

/** A matcher for `filter`, or null when it is not a simple filter (mingo answers it entirely). */
export function compileSimpleFilter(filter: Doc): SimpleMatcher | null {
  const fields: { path: string[]; check: Check }[] = [];
  for (const [field, clause] of Object.entries(filter)) {
    if (field.startsWith('$') || field === '') return null;
    const check = clauseCheck(clause);
    if (!check) return null;
    fields.push({ path: field.split('.'), check });
  }
  return (doc) => {
    let certain = true;
    for (const { path, check } of fields) {
      const resolved = resolve(doc, path);
      if (!resolved) {
        certain = false;
        continue;
      }
      const { value } = resolved;
      // Every clause needs a value: a missing or null field matches none of them (no null operands here).
      if (value === undefined || value === null) return false;
      if (!isScalar(value)) {
        certain = false;
        continue;
      }
      if (!check(value)) return false;
    }
    return certain ? true : undefined;
  };
}

/**
 * An inclusion projection of top-level fields (`{ a: 1, b: true }`, `_id` kept unless `_id: 0`), done without
 * building a mingo Query; null for anything else (dotted paths, exclusions, expressions, operators).
 */
export function compileSimpleProjection(projection: Doc): ((doc: Doc) => Doc) | null {
  const included = new Set<string>();
  let keepId = true;
  for (const [field, value] of Object.entries(projection)) {
    if (field === '_id' && (value === 0 || value === false)) keepId = false;
    else if (value !== 1 && value !== true) return null;
    else if (field.startsWith('$') || field.includes('.') || field === '') return null;
    else included.add(field);
  }
  if (included.size === 0) return null; // `{ _id: 0 }` alone excludes: mingo's rules
  if (keepId) included.add('_id');
  return (doc) => {
    const out: Doc = {};
    for (const key of Object.keys(doc)) if (included.has(key)) out[key] = doc[key];
    return out;
  };
}
