// Read commands: find, getMore, killCursors, count, distinct, aggregate.
import { foldValue } from '../engine/collation';
import { nativeSort } from '../engine/native-sort';
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
import { evaluateLet, runPipeline, runQuery } from './query-runner';
import { writeStage } from './aggregate-output';

const readable = (ctx: CommandContext, name: string) =>
  readableCollection(ctx, name, (docs, pipeline) => runPipeline(ctx, docs, pipeline));

function find(cmd: Doc, ctx: CommandContext): Doc {
  const name = collectionName(cmd);
  const rawLimit = optionalNumber(cmd, 'limit') ?? 0;
  const skip = optionalNumber(cmd, 'skip') ?? 0;
  if (skip < 0) throw badValue("BSON field 'skip' value must be >= 0");
  const docs = runQuery(readable(ctx, name), {
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
    throw new MongoServerError(13, `Requested getMore on namespace '${ctx.db}.${String(cmd.collection)}', but cursor belongs to a different namespace ${ns}`);
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
  const query = optionalDoc(cmd, 'query');
  const noFilter = !query || Object.keys(query).length === 0;
  if (noFilter && cmd.skip === undefined && cmd.limit === undefined) return { n: coll?.docs.size ?? 0, ok: 1 }; // estimatedDocumentCount
  const docs = runQuery(coll, {
    filter: query,
    skip: optionalNumber(cmd, 'skip'),
    limit: Math.abs(optionalNumber(cmd, 'limit') ?? 0),
    collation: optionalDoc(cmd, 'collation'),
  });
  return { n: docs.length, ok: 1 };
}

function distinct(cmd: Doc, ctx: CommandContext): Doc {
  if (typeof cmd.key !== 'string') throw new MongoServerError(14, "BSON field 'distinct.key' is missing or not a string");
  const key = cmd.key;
  const docs = runQuery(readable(ctx, collectionName(cmd)), {
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

/**
 * A `$sort` at the head of the remaining pipeline is done by the native sort, bounded by the `$skip`
 * and `$limit` that follow it; those stages stay in place and give the same result on the shorter list.
 */
function presort(source: Doc[], stages: Doc[]): [Doc[], Doc[]] | null {
  const spec = stages[0]?.$sort;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) return null;
  let keep = Infinity;
  const next = stages[1] ?? {};
  const after = stages[2] ?? {};
  if (typeof next.$limit === 'number') keep = next.$limit;
  else if (typeof next.$skip === 'number' && typeof after.$limit === 'number') keep = next.$skip + after.$limit;
  const sorted = nativeSort(source, spec as Doc, keep);
  return sorted ? [sorted, stages.slice(1)] : null;
}

function aggregate(cmd: Doc, ctx: CommandContext): Doc {
  const pipeline = cmd.pipeline;
  if (!Array.isArray(pipeline)) throw new MongoServerError(14, "'pipeline' option must be specified as an array");
  const cursorOpt = cmd.cursor;
  if (cmd.explain !== true && (cursorOpt === undefined || cursorOpt === null || typeof cursorOpt !== 'object')) {
    throw new MongoServerError(9, "The 'cursor' option is required, except for aggregate with the explain argument");
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
  let source: Doc[] = coll?.all() ?? [];
  const leading = stages[0]?.$match;
  if (coll && leading && typeof leading === 'object' && !Array.isArray(leading)) {
    // A leading $match goes through the collection's indexes (countDocuments is exactly this shape).
    source = coll.match(leading as Doc, { collation: optionalDoc(cmd, 'collation'), variables: evaluateLet(cmd.let) });
    stages = stages.slice(1);
  }
  const sorted = cmd.collation ? null : presort(source, stages);
  if (sorted) [source, stages] = sorted;
  const docs = runPipeline(ctx, source, stages, cmd);
  if (output) {
    writeStage(ctx, output, docs);
    return ctx.cursors.first(`${ctx.db}.${name}`, [], 0, true);
  }
  const batchSize = (cursorOpt as Doc | undefined)?.batchSize;
  return ctx.cursors.first(`${ctx.db}.${name}`, docs, typeof batchSize === 'number' ? batchSize : undefined);
}

/** The filter each explainable command carries. */
function explainedFilter(inner: Doc): Doc {
  const pick = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Doc) : {});
  if ('find' in inner) return pick(inner.filter);
  if ('count' in inner || 'distinct' in inner || 'findAndModify' in inner) return pick(inner.query);
  if ('delete' in inner) return pick((inner.deletes as Doc[] | undefined)?.[0]?.q);
  if ('update' in inner) return pick((inner.updates as Doc[] | undefined)?.[0]?.q);
  if ('aggregate' in inner) return pick((inner.pipeline as Doc[] | undefined)?.[0]?.$match);
  throw new MongoServerError(59, `Explain is not supported for ${Object.keys(inner)[0] ?? 'this command'}`);
}

/** A MongoDB-shaped plan: IDHACK, FETCH over IXSCAN (a hash index lookup), or COLLSCAN. */
function explain(cmd: Doc, ctx: CommandContext): Doc {
  const inner = cmd.explain;
  if (!inner || typeof inner !== 'object') throw new MongoServerError(9, 'explain command requires a nested object');
  const name = collectionName(inner as Doc);
  const filter = explainedFilter(inner as Doc);
  const coll = readable(ctx, name);
  const { plan } = coll?.matchWithPlan(filter, { collation: optionalDoc(inner as Doc, 'collation') }) ?? {
    plan: { stage: 'COLLSCAN' as const, docsExamined: 0, nReturned: 0 },
  };
  const winningPlan: Doc =
    plan.stage === 'IXSCAN'
      ? { stage: 'FETCH', filter, inputStage: { stage: 'IXSCAN', indexName: plan.indexName, keyPattern: coll?.indexes.get(plan.indexName ?? '')?.spec.key } }
      : { stage: plan.stage, filter };
  return {
    queryPlanner: { namespace: `${ctx.db}.${name}`, parsedQuery: filter, winningPlan, rejectedPlans: [] },
    executionStats: { nReturned: plan.nReturned, totalDocsExamined: plan.docsExamined, totalKeysExamined: plan.stage === 'COLLSCAN' ? 0 : plan.docsExamined },
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
