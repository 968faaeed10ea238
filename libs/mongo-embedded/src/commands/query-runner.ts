// Query evaluation shared by find, count, findAndModify, update and delete: match through the collection's plan,
// sort (by the index walk when the plan gives the order, else by encoded keys, or by mingo under a collation), skip,
// limit, then project. `queryDocs` is lazy: a find cursor pulls documents from LMDB batch by batch.
import { ProcessingMode } from 'mingo';
import { foldPipeline, isCaseInsensitive } from '../engine/collation';
import type { ReadableCollection } from '../engine/collection';
import { Aggregator, aggregate, find } from '../engine/mingo';
import { toServerError } from '../engine/errors';
import { sortDocs } from '../engine/key-encoding';
import { compileSimpleProjection } from '../engine/simple-filter';
import { RawDocument, type BatchDoc } from '../engine/raw-document';
import { cloneDeep, type Doc } from '../engine/values';
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

/** The query's documents, in order, as a lazy sequence (errors surface as server errors when pulled). */
export function queryDocs(coll: ReadableCollection | undefined, q: QueryShape): Iterable<Doc> {
  return query(coll, q, false) as Iterable<Doc>;
}

/** find's documents for its reply: where a covered plan keeps a few fields, their bytes go out as stored. */
export function queryBatch(coll: ReadableCollection | undefined, q: QueryShape): Iterable<BatchDoc> {
  return query(coll, q, true);
}

function query(coll: ReadableCollection | undefined, q: QueryShape, raw: boolean): Iterable<BatchDoc> {
  if (!coll) return [];
  try {
    const sort = q.sort && Object.keys(q.sort).length > 0 ? q.sort : undefined;
    const skip = q.skip ?? 0;
    const keep = q.limit ? skip + q.limit : undefined;
    const hasProjection = q.projection !== undefined && Object.keys(q.projection).length > 0;
    const idsOnly = hasProjection && keepsOnlyId(q.projection as Doc);
    const fields = hasProjection ? includedFields(q.projection as Doc) : undefined;
    const found = coll.find(q.filter ?? {}, {
      collation: q.collation,
      variables: q.variables,
      sort,
      keep,
      idsOnly,
      fields,
      raw,
    });
    // Found.raw comes only from a plan that gives the order: the sort below never sees raw documents.
    let docs: Iterable<BatchDoc> = found.raw ?? found.docs;
    if (sort && !found.plan.sorted) {
      const ordered = q.collation ? null : sortDocs(found.docs, sort, keep);
      if (!ordered) {
        // Under a collation: mingo's rules.
        let cursor = find([...found.docs], {}, hasProjection ? q.projection : undefined, {
          collation: q.collation as never,
        });
        cursor = cursor.sort(sort);
        if (skip) cursor = cursor.skip(skip);
        if (q.limit) cursor = cursor.limit(q.limit);
        return cursor.all() as Doc[];
      }
      docs = ordered;
    }
    const page = skip || q.limit ? slice(docs, skip, q.limit ?? 0) : docs;
    return hasProjection ? projectAll(page, q.projection as Doc) : page;
  } catch (err) {
    throw toServerError(err);
  }
}

/** The top-level fields an inclusion projection of plain names keeps (`_id` unless excluded); else undefined. */
function includedFields(projection: Doc): Set<string> | undefined {
  const fields = new Set<string>(['_id']);
  for (const [name, value] of Object.entries(projection)) {
    if (name === '_id' && (value === 0 || value === false)) fields.delete('_id');
    else if ((value !== 1 && value !== true) || name === '' || name.startsWith('$') || name.includes('.'))
      return undefined;
    else fields.add(name);
  }
  return fields.size > 0 ? fields : undefined;
}

/** `{ _id: 1 }`: the projection keeps `_id` and nothing else. */
export function keepsOnlyId(projection: Doc): boolean {
  const fields = Object.entries(projection);
  return fields.length === 1 && fields[0][0] === '_id' && (fields[0][1] === 1 || fields[0][1] === true);
}

export function runQuery(coll: ReadableCollection | undefined, q: QueryShape): Doc[] {
  try {
    return [...queryDocs(coll, q)];
  } catch (err) {
    throw toServerError(err);
  }
}

function* slice<T>(docs: Iterable<T>, skip: number, limit: number): Generator<T> {
  if (limit === 0 && skip === 0) return yield* docs;
  let seen = 0;
  let given = 0;
  for (const doc of docs) {
    if (seen++ < skip) continue;
    yield doc;
    if (limit && ++given >= limit) return;
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

/** Projects each document; raw ones already hold exactly the projected fields. */
function* projectAll(docs: Iterable<BatchDoc>, projection: Doc): Generator<BatchDoc> {
  const simple = compileSimpleProjection(projection);
  if (simple) {
    for (const doc of docs) yield doc instanceof RawDocument ? doc : simple(doc);
    return;
  }
  // mingo's projection compiles per call: done a batch at a time.
  let batch: Doc[] = [];
  for (const doc of docs) {
    if (doc instanceof RawDocument) {
      yield* project(batch, projection);
      batch = [];
      yield doc;
      continue;
    }
    batch.push(doc);
    if (batch.length === 256) {
      yield* project(batch, projection);
      batch = [];
    }
  }
  if (batch.length) yield* project(batch, projection);
}

function project(docs: Doc[], projection: Doc): Doc[] {
  const simple = compileSimpleProjection(projection);
  return simple ? docs.map(simple) : (find(docs, {}, projection).all() as Doc[]);
}

/** Runs a pipeline against documents of `ctx.db`, lazily; `$lookup` and friends resolve collections there. */
export function streamPipeline(
  ctx: CommandContext,
  docs: Iterable<Doc>,
  pipeline: Doc[],
  extra: Doc = {},
): Iterable<Doc> {
  if (pipeline.length === 0) return docs;
  try {
    const stages = isCaseInsensitive(extra.collation) ? foldPipeline(pipeline) : pipeline;
    const aggregator = new Aggregator(stages, {
      processingMode: ProcessingMode.CLONE_INPUT,
      // Joined documents may come from the store's document cache, which later stages must not change.
      collectionResolver: (name: string) => Array.from(ctx.catalog.get(ctx.db, name)?.all() ?? [], cloneDeep),
      ...(extra.collation ? { collation: extra.collation as never } : {}),
      ...(extra.let ? { variables: evaluateLet(extra.let) } : {}),
    });
    return aggregator.stream(docs) as unknown as Iterable<Doc>;
  } catch (err) {
    throw toServerError(err);
  }
}

export function runPipeline(
  ctx: CommandContext,
  docs: Iterable<Doc>,
  pipeline: Doc[],
  extra: Doc = {},
): Doc[] {
  try {
    return [...streamPipeline(ctx, docs, pipeline, extra)];
  } catch (err) {
    throw toServerError(err);
  }
}
