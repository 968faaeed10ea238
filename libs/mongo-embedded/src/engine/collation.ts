// A thin collation shim: mingo ignores collation for equality, so for the common case-insensitive
// collations (strength 1 or 2) string equality and `$in` are rewritten as anchored case-insensitive
// regular expressions. Ordering with a collation is left to mingo's sort.
import { Doc, isPlainObject } from './values';

export function isCaseInsensitive(collation: unknown): boolean {
  return isPlainObject(collation) && typeof collation.strength === 'number' && collation.strength <= 2;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const fold = (v: unknown): unknown => (typeof v === 'string' ? new RegExp(`^${escape(v)}$`, 'i') : v);

function foldClause(clause: unknown): unknown {
  if (typeof clause === 'string') return fold(clause);
  if (!isPlainObject(clause)) return clause;
  const keys = Object.keys(clause);
  if (keys.length === 0 || !keys[0].startsWith('$')) return clause;
  const out: Doc = {};
  for (const [op, v] of Object.entries(clause)) {
    if (op === '$eq' && typeof v === 'string') out.$regex = fold(v);
    else if ((op === '$in' || op === '$nin') && Array.isArray(v)) out[op] = v.map(fold);
    else if (op === '$ne' && typeof v === 'string') out.$not = fold(v);
    else out[op] = v;
  }
  return out;
}

/** Rewrites a query filter for a case-insensitive collation. */
export function foldFilter(filter: Doc): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(filter)) {
    if ((k === '$and' || k === '$or' || k === '$nor') && Array.isArray(v)) out[k] = v.map((f) => (isPlainObject(f) ? foldFilter(f) : f));
    else if (k.startsWith('$')) out[k] = v;
    else out[k] = foldClause(v);
  }
  return out;
}

/** Rewrites the `$match` stages of a pipeline for a case-insensitive collation. */
export function foldPipeline(pipeline: Doc[]): Doc[] {
  return pipeline.map((stage) => (isPlainObject(stage.$match) ? { $match: foldFilter(stage.$match) } : stage));
}

/** Comparison key for distinct values under a case-insensitive collation. */
export function foldValue(v: unknown, collation: unknown): unknown {
  if (typeof v !== 'string' || !isCaseInsensitive(collation)) return v;
  const lower = v.toLowerCase();
  return (collation as Doc).strength === 1 ? lower.normalize('NFD').replace(/\p{M}/gu, '') : lower;
}
