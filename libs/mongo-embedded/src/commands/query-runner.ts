// Query evaluation shared by find, count, findAndModify, update and delete: match through the
// collection's indexes, sort (natively for scalar keys, else by mingo), skip, limit, then project.
import { ProcessingMode } from 'mingo';
import { foldPipeline, isCaseInsensitive } from '../engine/collation';
import type { Collection } from '../engine/collection';
import { Aggregator, aggregate, find } from '../engine/mingo';
import { toServerError } from '../engine/errors';
import { nativeSort } from '../engine/native-sort';
import { compileSimpleProjection } from '../engine/simple-filter';
import { Doc, cloneDeep } from '../engine/values';
import type { CommandContext } from './command-context';

export interface QueryShape {
  filter?: Doc;
  sort?: Doc;
  skip?: number;
  limit?: number;
  projection?: Doc;
  collation?: Doc;
  variables?: Doc;
}

/** Evaluates a command's `let` document into constant variables (`$literal`, `$rand`... included). */
export function evaluateLet(letDoc: unknown): Doc | undefined {
  if (!letDoc || typeof letDoc !== 'object') return undefined;
  try {
    return aggregate([{}], [{ $replaceWith: letDoc as Doc }])[0] as Doc;
  } catch (err) {
    throw toServerError(err);
  }
}

export function runQuery(coll: Collection | undefined, q: QueryShape): Doc[] {
  if (!coll) return [];
  try {
    let matched = coll.match(q.filter ?? {}, { collation: q.collation, variables: q.variables });
    let sort = q.sort;
    if (sort && '$natural' in sort) {
      // Natural order is insertion order here; only its direction matters.
      if (sort.$natural === -1) matched = matched.reverse();
      sort = undefined;
    }
    const hasSort = sort && Object.keys(sort).length > 0;
    const hasProjection = q.projection && Object.keys(q.projection).length > 0;
    const keep = q.limit ? (q.skip ?? 0) + q.limit : Infinity;
    const ordered = !hasSort ? matched : q.collation ? null : nativeSort(matched, sort as Doc, keep);
    if (ordered) {
      const start = q.skip ?? 0;
      const page = q.limit ? ordered.slice(start, start + q.limit) : start ? ordered.slice(start) : ordered;
      return hasProjection ? project(page, q.projection as Doc) : page;
    }
    // Sorts on arrays, sub-documents or under a collation: mingo's rules.
    const opts = q.collation ? { collation: q.collation as never } : {};
    let cursor = find(matched, {}, hasProjection ? q.projection : undefined, opts);
    if (hasSort) cursor = cursor.sort(sort as Doc);
    if (q.skip) cursor = cursor.skip(q.skip);
    if (q.limit) cursor = cursor.limit(q.limit);
    return cursor.all() as Doc[];
  } catch (err) {
    throw toServerError(err);
  }
}

export function projectOne(doc: Doc, projection?: Doc): Doc {
  if (!projection || Object.keys(projection).length === 0) return doc;
  try {
    return project([doc], projection)[0];
  } catch (err) {
    throw toServerError(err);
  }
}

function project(docs: Doc[], projection: Doc): Doc[] {
  const simple = compileSimpleProjection(projection);
  return simple ? docs.map(simple) : (find(docs, {}, projection).all() as Doc[]);
}

/** Runs a pipeline against documents of `ctx.db`; `$lookup` and friends resolve collections there. */
export function runPipeline(ctx: CommandContext, docs: Doc[], pipeline: Doc[], extra: Doc = {}): Doc[] {
  try {
    const stages = isCaseInsensitive(extra.collation) ? foldPipeline(pipeline) : pipeline;
    const aggregator = new Aggregator(stages, {
      processingMode: ProcessingMode.CLONE_INPUT,
      collectionResolver: (name: string) => (ctx.catalog.get(ctx.db, name)?.all() ?? []).map(cloneDeep),
      ...(extra.collation ? { collation: extra.collation as never } : {}),
      ...(extra.let ? { variables: evaluateLet(extra.let) } : {}),
    });
    return aggregator.run(docs) as Doc[];
  } catch (err) {
    throw toServerError(err);
  }
}
