// Read commands: find, getMore, killCursors, count, distinct, aggregate.
import { foldValue } from '../engine/collation';
import { sortDocs } from '../engine/key-encoding';
import { Collection, type ReadableCollection } from '../engine/collection';
import { MongoServerError, badValue } from '../engine/errors';
import { Doc, pathValues, valueKey } from '../engine/values';
import {
  CommandContext,
  CommandHandler,
  collectionName,
  readableCollection,
  optionalDoc,
  optionalNumber,
} from './command-context';
import { evaluateLet, keepsOnlyId, queryBatch, queryDocs, runPipeline, streamPipeline } from './query-runner';
import { writeStage } from './aggregate-output';

const readable = (ctx: CommandContext, name: string) =>
  readableCollection(ctx, name, (docs, pipeline) => runPipeline(ctx, docs, pipeline));

function find(cmd: Doc, ctx: CommandContext): Doc {
  const name = collectionName(cmd);
  const rawLimit = optionalNumber(cmd, 'limit') ?? 0;
  const skip = optionalNumber(cmd, 'skip') ?? 0;
  if (skip < 0) throw badValue("BSON field 'skip' value must be >= 0");
  const docs = queryBatch(readable(ctx, name), {
    filter: optionalDoc(cmd, 'filter'),
    sort: optionalDoc(cmd, 'sort'),
    projection: optionalDoc(cmd, 'projection'),
    collation: optionalDoc(cmd, 'collation'),
    variables: evaluateLet(cmd.let),
    skip,
    limit: Math.abs(rawLimit),
  });
  const batchSize = optionalNumber(cmd, 'batchSize');
  return ctx.cursors.first(`${ctx.db}.${name}`, docs, batchSize, cmd.singleBatch === true || rawLimit < 0);
}

function getMore(cmd: Doc, ctx: CommandContext): Doc {
  const id = cmd.getMore;
  const ns = ctx.cursors.ns(id);
  if (ns && cmd.collection !== undefined && ns !== `${ctx.db}.${String(cmd.collection)}`) {
    throw new MongoServerError(
      13,
      `Requested getMore on namespace '${ctx.db}.${String(cmd.collection)}', but cursor belongs to a different namespace ${ns}`,
    );
  }
  const reply = ctx.cursors.next(id, optionalNumber(cmd, 'batchSize'));
  if (!reply) throw new MongoServerError(43, `cursor id ${String(id)} not found`);
  return reply;
}

function killCursors(cmd: Doc, ctx: CommandContext): Doc {
  const ids = Array.isArray(cmd.cursors) ? cmd.cursors : [];
  const killed: unknown[] = [];
  const notFound: unknown[] = [];
  for (const id of ids) (ctx.cursors.kill(id) ? killed : notFound).push(id);
  return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
}

function count(cmd: Doc, ctx: CommandContext): Doc {
  const coll = readable(ctx, collectionName(cmd));
  const query = optionalDoc(cmd, 'query') ?? {};
  const skip = optionalNumber(cmd, 'skip');
  const limit = Math.abs(optionalNumber(cmd, 'limit') ?? 0);
  const collation = optionalDoc(cmd, 'collation');
  if (!coll) return { n: 0, ok: 1 };
  if (!skip && !limit) return { n: countOf(coll, query, collation), ok: 1 };
  if (coll instanceof Collection)
    return { n: coll.countMatching(query, { collation }, skip ?? 0, limit || Infinity), ok: 1 };
  let n = 0;
  for (const doc of queryDocs(coll, { filter: query, skip, limit, collation })) if (doc) n++;
  return { n, ok: 1 };
}

/** Counts without building a list; an index range that holds exactly the matches is counted without documents. */
function countOf(coll: ReadableCollection, query: Doc, collation?: Doc): number {
  if (coll instanceof Collection) return coll.countMatching(query, { collation });
  let n = 0;
  for (const doc of coll.find(query, { collation }).docs) if (doc) n++;
  return n;
}

function distinct(cmd: Doc, ctx: CommandContext): Doc {
  if (typeof cmd.key !== 'string')
    throw new MongoServerError(14, "BSON field 'distinct.key' is missing or not a string");
  const key = cmd.key;
  const docs = queryDocs(readable(ctx, collectionName(cmd)), {
    filter: optionalDoc(cmd, 'query'),
    collation: optionalDoc(cmd, 'collation'),
  });
  const collation = cmd.collation;
  const seen = new Map<string, unknown>();
  for (const doc of docs) {
    for (const v of pathValues(doc, key)) {
      for (const el of Array.isArray(v) ? v : [v]) {
        const k = valueKey(foldValue(el, collation));
        if (!seen.has(k)) seen.set(k, el);
      }
    }
  }
  return { values: [...seen.values()], ok: 1 };
}

/** skip + limit of the `$skip`/`$limit` stages right after a `$sort`, when they bound what it must keep. */
function sortBound(stages: Doc[]): number | undefined {
  const next = stages[1] ?? {};
  const after = stages[2] ?? {};
  if (typeof next.$limit === 'number') return next.$limit;
  if (typeof next.$skip === 'number' && typeof after.$limit === 'number') return next.$skip + after.$limit;
  return undefined;
}

/** `[{ $group: { _id: <constant>, n: { $sum: 1 } } }]`, the tail of the driver's countDocuments. */
function countingGroup(stages: Doc[]): { id: unknown; field: string } | null {
  const group = stages.length === 1 ? stages[0].$group : undefined;
  if (!plainObject(group)) return null;
  const fields = Object.keys(group).filter((f) => f !== '_id');
  const id = group._id;
  if (fields.length !== 1 || (typeof id === 'string' && id.startsWith('$')) || plainObject(id)) return null;
  const sum = group[fields[0]];
  return plainObject(sum) && Object.keys(sum).length === 1 && sum.$sum === 1
    ? { id, field: fields[0] }
    : null;
}

const plainObject = (v: unknown): v is Doc => !!v && typeof v === 'object' && !Array.isArray(v);

function aggregate(cmd: Doc, ctx: CommandContext): Doc {
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline))
    throw new MongoServerError(14, "'pipeline' option must be specified as an array");
  const cursorOpt = cmd.cursor;
  if (
    cmd.explain !== true &&
    (cursorOpt === undefined || cursorOpt === null || typeof cursorOpt !== 'object')
  ) {
    throw new MongoServerError(
      9,
      "The 'cursor' option is required, except for aggregate with the explain argument",
    );
  }
  for (const stage of pipeline as Doc[]) {
    if (stage && typeof stage === 'object' && '$changeStream' in stage) {
      throw new MongoServerError(40573, 'The $changeStream stage is only supported on replica sets');
    }
  }
  const collectionless = cmd.aggregate === 1;
  const name = collectionless ? '$cmd.aggregate' : collectionName(cmd);
  const coll = collectionless ? undefined : readable(ctx, name);
  const last = pipeline[pipeline.length - 1] as Doc | undefined;
  const output = last && ('$out' in last || '$merge' in last) ? last : undefined;
  let stages = (output ? pipeline.slice(0, -1) : pipeline) as Doc[];
  const collation = optionalDoc(cmd, 'collation');
  // A leading $match goes through the collection's plan (countDocuments is exactly this shape), and a $sort right
  // after it through an index walk in that order when there is one, else through the key sort bounded by $skip/$limit.
  const leading = plainObject(stages[0]?.$match) ? (stages[0].$match as Doc) : undefined;
  if (leading) stages = stages.slice(1);
  const sort = !collation && plainObject(stages[0]?.$sort) ? (stages[0].$sort as Doc) : undefined;
  const keep = sort ? sortBound(stages) : undefined;
  let source: Iterable<Doc> = [];
  const counted = !output && !collation && coll instanceof Collection ? countingGroup(stages) : null;
  if (counted && coll instanceof Collection) {
    // countDocuments: the count comes from the plan (index entries alone when they hold exactly the matches).
    const n = coll.countMatching(leading ?? {}, { variables: evaluateLet(cmd.let) });
    const docs = n > 0 ? [{ _id: counted.id, [counted.field]: n }] : [];
    return ctx.cursors.first(`${ctx.db}.${name}`, docs);
  }
  if (coll) {
    const found = coll.find(leading ?? {}, { collation, variables: evaluateLet(cmd.let), sort, keep });
    source = found.docs;
    if (sort) {
      const ordered = found.plan.sorted ? source : sortDocs(source, sort, keep);
      if (ordered) [source, stages] = [ordered, stages.slice(1)];
    }
  }
  const batchSize = (cursorOpt as Doc | undefined)?.batchSize;
  if (output) {
    writeStage(ctx, output, runPipeline(ctx, source, stages, cmd));
    return ctx.cursors.first(`${ctx.db}.${name}`, [], 0, true);
  }
  const docs = streamPipeline(ctx, source, stages, cmd);
  return ctx.cursors.first(`${ctx.db}.${name}`, docs, typeof batchSize === 'number' ? batchSize : undefined);
}

/** The filter (and sort and limit, where the command has them) each explainable command carries. */
function explained(inner: Doc): { filter: Doc; sort?: Doc; limit?: number; idsOnly?: boolean } {
  const pick = (v: unknown) => (plainObject(v) ? v : {});
  const sortOf = (v: unknown) => (plainObject(v) && Object.keys(v).length ? v : undefined);
  const limitOf = (v: unknown) => (typeof v === 'number' && v !== 0 ? Math.abs(v) : undefined);
  if ('find' in inner)
    return {
      filter: pick(inner.filter),
      sort: sortOf(inner.sort),
      limit: limitOf(inner.limit),
      idsOnly: plainObject(inner.projection) && keepsOnlyId(inner.projection),
    };
  if ('findAndModify' in inner) return { filter: pick(inner.query), sort: sortOf(inner.sort), limit: 1 };
  if ('count' in inner || 'distinct' in inner) return { filter: pick(inner.query) };
  if ('delete' in inner) return { filter: pick((inner.deletes as Doc[] | undefined)?.[0]?.q) };
  if ('update' in inner) return { filter: pick((inner.updates as Doc[] | undefined)?.[0]?.q) };
  if ('aggregate' in inner) {
    const stages = (Array.isArray(inner.pipeline) ? inner.pipeline : []) as Doc[];
    const rest = plainObject(stages[0]?.$match) ? stages.slice(1) : stages;
    const sort = sortOf(rest[0]?.$sort);
    return { filter: pick(stages[0]?.$match), sort, limit: sort ? sortBound(rest) : undefined };
  }
  throw new MongoServerError(59, `Explain is not supported for ${Object.keys(inner)[0] ?? 'this command'}`);
}

/** A MongoDB-shaped plan: IDHACK, FETCH over IXSCAN (an ordered index walk), under SORT when the walk gives no order, or COLLSCAN. */
function explain(cmd: Doc, ctx: CommandContext): Doc {
  const inner = cmd.explain;
  if (!plainObject(inner)) throw new MongoServerError(9, 'explain command requires a nested object');
  const name = collectionName(inner);
  const { filter, sort, limit, idsOnly } = explained(inner);
  const coll = readable(ctx, name);
  const collation = optionalDoc(inner, 'collation');
  const found = coll?.find(filter, { collation, sort, keep: limit, idsOnly });
  let nReturned = 0;
  if (found) {
    const docs = sort && !found.plan.sorted ? (sortDocs(found.docs, sort, limit) ?? []) : found.docs;
    for (const doc of docs) if (doc && ++nReturned === limit) break;
  }
  const plan = found?.plan;
  let winningPlan: Doc =
    plan?.index && plan.stage === 'IXSCAN'
      ? {
          // Read from the entries alone when the index answers the filter exactly and holds all that is kept.
          stage: found?.stats.docsExamined === 0 && idsOnly && plan.covered ? 'PROJECTION_COVERED' : 'FETCH',
          filter,
          inputStage: {
            stage: 'IXSCAN',
            indexName: plan.index.name,
            keyPattern: plan.index.spec.key,
            isMultiKey: plan.index.multikey,
            direction: plan.reverse ? 'backward' : 'forward',
            indexBounds: `${plan.ranges.length} range(s)`,
          },
        }
      : {
          stage: plan?.stage ?? 'COLLSCAN',
          filter,
          ...(plan?.index ? { indexName: plan.index.name } : {}),
          direction: plan?.reverse ? 'backward' : 'forward',
        };
  if (sort && !plan?.sorted)
    winningPlan = {
      stage: 'SORT',
      sortPattern: sort,
      ...(limit ? { limitAmount: limit } : {}),
      inputStage: winningPlan,
    };
  else if (limit) winningPlan = { stage: 'LIMIT', limitAmount: limit, inputStage: winningPlan };
  return {
    queryPlanner: { namespace: `${ctx.db}.${name}`, parsedQuery: filter, winningPlan, rejectedPlans: [] },
    executionStats: {
      nReturned,
      totalDocsExamined: found?.stats.docsExamined ?? 0,
      totalKeysExamined: found?.stats.keysExamined ?? 0,
    },
    command: inner,
    ok: 1,
  };
}

export const queryCommands: Record<string, CommandHandler> = {
  explain,
  find,
  getMore,
  killCursors,
  count,
  distinct,
  aggregate,
};
