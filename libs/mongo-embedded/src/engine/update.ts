// Update semantics on top of mingo's updater: what mingo lacks (upsert seeding, $setOnInsert,
// replacement documents, _id immutability, conflict detection, pipeline updates) lives here.
import { ObjectId } from 'bson';
import { MongoServerError, failedToParse, toServerError } from './errors';
import { Aggregator, holdsPattern, update as storeUpdate } from './mingo';
import { Doc, cloneDeep, isPlainObject, setPath, valueKey } from './values';

const OPERATORS = new Set([
  '$addToSet', '$bit', '$currentDate', '$inc', '$max', '$min', '$mul', '$pop', '$pull', '$pullAll',
  '$push', '$rename', '$set', '$setOnInsert', '$unset',
]);
type UpdateOperator = (expr: Doc) => (doc: Doc) => unknown;
/**
 * mingo's update operators called directly with their shared default options: `update()` rebuilds its
 * whole operator context per call, which dominated findOneAndUpdate. Used when neither the positional
 * `$`, arrayFilters nor a `$pull` condition with a pattern need the store's query context.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- subpath export without typings under node resolution
const UPDATE_OPERATORS = require('mingo/operators/update') as Record<string, UpdateOperator>;
const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

export type UpdateDoc = Doc | Doc[];

export interface UpdateContext {
  /** The query, so that the positional `$` operator can find the matched element. */
  filter: Doc;
  arrayFilters?: Doc[];
  /** True when the document is being created by an upsert (enables `$setOnInsert`). */
  inserting?: boolean;
  variables?: Doc;
}

export function isReplacement(u: UpdateDoc): u is Doc {
  return !Array.isArray(u) && !Object.keys(u).some((k) => k.startsWith('$'));
}

/** Rejects malformed update documents before any document is touched. */
export function validateUpdate(u: unknown): asserts u is UpdateDoc {
  if (Array.isArray(u)) {
    for (const stage of u) {
      const name = isPlainObject(stage) ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_STAGES.has(name)) {
        throw new MongoServerError(72, `${name ?? 'stage'} is not allowed to be used within an update`);
      }
    }
    return;
  }
  if (!isPlainObject(u)) throw failedToParse('Update argument must be either an object or an array');
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length === 0) return;
  if (ops.length !== keys.length) throw failedToParse('Unknown modifier: ' + keys.find((k) => !k.startsWith('$')));
  const seen: string[] = [];
  for (const op of ops) {
    if (!OPERATORS.has(op)) throw failedToParse(`Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    const fields = u[op];
    if (!isPlainObject(fields)) throw failedToParse(`Modifiers operate on fields but we found type ${typeof fields} instead.`);
    for (const path of Object.keys(fields)) {
      const targets = op === '$rename' ? [path, String(fields[path])] : [path];
      for (const t of targets) {
        const clash = seen.find((p) => p === t || p.startsWith(t + '.') || t.startsWith(p + '.'));
        if (clash !== undefined) {
          throw new MongoServerError(40, `Updating the path '${t}' would create a conflict at '${clash}'`);
        }
        seen.push(t);
      }
    }
  }
}

/** Returns the updated copy of `doc`; the stored object is never mutated. */
export function applyUpdate(doc: Doc, u: UpdateDoc, ctx: UpdateContext): Doc {
  let next: Doc;
  if (Array.isArray(u)) {
    try {
      next = new Aggregator(u, ctx.variables ? { variables: ctx.variables } : {}).run([cloneDeep(doc)])[0] as Doc;
    } catch (err) {
      throw toServerError(err);
    }
    if (doc._id !== undefined && next._id === undefined) next = { _id: doc._id, ...next };
  } else if (isReplacement(u)) {
    next = { _id: doc._id, ...cloneDeep(u) };
    if (u._id !== undefined && doc._id !== undefined) next._id = u._id;
  } else {
    next = cloneDeep(doc);
    const { $setOnInsert, ...ops } = u as Doc;
    if (!ctx.inserting) guardId(ops, doc._id);
    try {
      // The query is only needed by the positional `$`; compiling it costs as much as the update itself. A `$pull`
      // condition with a regular expression goes through the store's operators (RE2), not the defaults.
      const condition = !ctx.inserting && usesPositional(ops) ? ctx.filter : undefined;
      if (condition || ctx.arrayFilters?.length || holdsPattern(ops.$pull)) storeUpdate(next, ops, ctx.arrayFilters, condition, 'deep');
      else for (const [op, expr] of Object.entries(ops)) UPDATE_OPERATORS[op](expr as Doc)(next);
      if (ctx.inserting && isPlainObject($setOnInsert)) UPDATE_OPERATORS.$set($setOnInsert)(next);
    } catch (err) {
      throw toServerError(err);
    }
  }
  if (doc._id !== undefined && valueKey(next._id) !== valueKey(doc._id)) {
    throw new MongoServerError(66, isReplacement(u) && !Array.isArray(u)
      ? `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(next._id)}`
      : ID_CHANGE);
  }
  return idFirst(next);
}

/** The document an upsert starts from: the filter's equality fields (MongoDB's rule), then the update. */
export function buildUpsert(filter: Doc, u: UpdateDoc, arrayFilters?: Doc[], variables?: Doc): Doc {
  const seed: Doc = {};
  if (!isReplacement(u) || Array.isArray(u)) seedFromFilter(filter, seed);
  else if (filter._id !== undefined && !isPlainObject(filter._id)) seed._id = filter._id;
  const doc = applyUpdate(seed, u, { filter, arrayFilters, inserting: true, variables });
  if (doc._id === undefined) return { _id: new ObjectId(), ...doc };
  return doc;
}

function seedFromFilter(filter: Doc, seed: Doc): void {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const part of v) if (isPlainObject(part)) seedFromFilter(part, seed);
      continue;
    }
    if (k.startsWith('$')) continue;
    if (isPlainObject(v)) {
      const keys = Object.keys(v);
      if (keys.length && keys[0].startsWith('$')) {
        if (keys.length === 1 && keys[0] === '$eq') setPath(seed, k, cloneDeep(v.$eq));
        continue;
      }
    }
    if (v instanceof RegExp) continue;
    setPath(seed, k, cloneDeep(v));
  }
}

function usesPositional(ops: Doc): boolean {
  return Object.values(ops).some((fields) => isPlainObject(fields) && Object.keys(fields).some((p) => p === '$' || p.includes('.$.') || p.endsWith('.$')));
}

const ID_CHANGE = "Performing an update on the path '_id' would modify the immutable field '_id'";

/** `_id` may only be "set" to the value it already has. */
function guardId(ops: Doc, id: unknown): void {
  for (const [op, fields] of Object.entries(ops)) {
    for (const [path, value] of Object.entries(fields as Doc)) {
      const touches = path === '_id' || path.startsWith('_id.') || (op === '$rename' && value === '_id');
      if (!touches) continue;
      if (op === '$set' && path === '_id' && valueKey(value) === valueKey(id)) continue;
      throw new MongoServerError(66, ID_CHANGE);
    }
  }
}

function idFirst(doc: Doc): Doc {
  if (doc._id === undefined || Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}
