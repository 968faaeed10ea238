// Write commands: insert, update, delete (with MongoDB's writeErrors shape) and findAndModify.
import type { Collection } from '../engine/collection';
import { MongoServerError, failedToParse, toServerError } from '../engine/errors';
import { UpdateDoc, applyUpdate, buildUpsert, isReplacement, validateUpdate } from '../engine/update';
import { Doc, isPlainObject, sameValue } from '../engine/values';
import { CommandContext, CommandHandler, collectionName, optionalDoc, requireArray } from './command-context';
import { evaluateLet, projectOne, runQuery } from './query-runner';

/** Runs each item, collecting writeErrors; an ordered batch stops at the first failure. */
function eachWrite<T>(cmd: Doc, items: T[], run: (item: T, index: number) => void): Doc[] {
  const ordered = cmd.ordered !== false;
  const writeErrors: Doc[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      run(items[i], i);
    } catch (err) {
      writeErrors.push(toServerError(err).toWriteError(i));
      if (ordered) break;
    }
  }
  return writeErrors;
}

function withErrors(reply: Doc, writeErrors: Doc[]): Doc {
  if (writeErrors.length) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
}

function insert(cmd: Doc, ctx: CommandContext): Doc {
  const docs = requireArray(cmd, 'documents');
  const coll = ctx.catalog.ensure(ctx.db, collectionName(cmd));
  let n = 0;
  const writeErrors = eachWrite(cmd, docs, (doc) => {
    if (!isPlainObject(doc)) throw new MongoServerError(2, 'document must be an object');
    coll.insert(doc);
    n++;
  });
  return withErrors({ n }, writeErrors);
}

interface UpdateStatement {
  q: Doc;
  u: UpdateDoc;
  upsert?: boolean;
  multi?: boolean;
  arrayFilters?: Doc[];
  collation?: Doc;
  variables?: Doc;
}

export interface UpdateOutcome {
  matched: number;
  modified: number;
  upserted?: unknown;
  /** Documents before and after, for findAndModify. */
  before?: Doc;
  after?: Doc;
}

/**
 * One update statement: the shared core of update and findAndModify. `ensure` creates the collection,
 * which only an upsert's insert does (like mongod, a non-matching update creates nothing).
 */
export function updateDocuments(coll: Collection | undefined, ensure: () => Collection, st: UpdateStatement, sort?: Doc): UpdateOutcome {
  validateUpdate(st.u);
  if (st.multi && isReplacement(st.u)) {
    throw failedToParse('multi update is not supported for replacement-style update');
  }
  const targets = runQuery(coll, { filter: st.q, collation: st.collation, variables: st.variables, sort, limit: st.multi ? 0 : 1 });
  if (targets.length === 0) {
    if (!st.upsert) return { matched: 0, modified: 0 };
    const doc = buildUpsert(st.q, st.u, st.arrayFilters, st.variables);
    ensure().insert(doc);
    return { matched: 0, modified: 0, upserted: doc._id, after: doc };
  }
  let modified = 0;
  let before: Doc | undefined;
  let after: Doc | undefined;
  for (const doc of targets) {
    const next = applyUpdate(doc, st.u, { filter: st.q, arrayFilters: st.arrayFilters, variables: st.variables });
    before ??= doc;
    after ??= next;
    if (sameValue(next, doc)) continue;
    (coll as Collection).replace(doc, next); // targets came from it
    modified++;
  }
  return { matched: targets.length, modified, before, after };
}

function update(cmd: Doc, ctx: CommandContext): Doc {
  const statements = requireArray(cmd, 'updates') as unknown as UpdateStatement[];
  const name = collectionName(cmd);
  const ensure = () => ctx.catalog.ensure(ctx.db, name);
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const variables = evaluateLet(cmd.let);
  const writeErrors = eachWrite(cmd, statements, (st, index) => {
    const r = updateDocuments(ctx.catalog.writable(ctx.db, name), ensure, { ...st, q: st.q ?? {}, variables });
    if (r.upserted !== undefined) {
      upserted.push({ index, _id: r.upserted });
      n++;
    } else {
      n += r.matched;
      nModified += r.modified;
    }
  });
  const reply: Doc = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  return withErrors(reply, writeErrors);
}

function deleteCommand(cmd: Doc, ctx: CommandContext): Doc {
  const statements = requireArray(cmd, 'deletes');
  const coll = ctx.catalog.writable(ctx.db, collectionName(cmd));
  let n = 0;
  const variables = evaluateLet(cmd.let);
  const writeErrors = eachWrite(cmd, statements, (st) => {
    if (typeof st.limit === 'number' && st.limit !== 0 && st.limit !== 1) {
      throw failedToParse('The limit field in delete objects must be 0 or 1. Got ' + String(st.limit));
    }
    const targets = runQuery(coll, { filter: (st.q as Doc) ?? {}, collation: st.collation as Doc, variables, limit: st.limit === 1 ? 1 : 0 });
    for (const doc of targets) coll?.remove(doc);
    n += targets.length;
  });
  return withErrors({ n }, writeErrors);
}

function findAndModify(cmd: Doc, ctx: CommandContext): Doc {
  const name = collectionName(cmd);
  const query = optionalDoc(cmd, 'query') ?? {};
  const sort = optionalDoc(cmd, 'sort');
  const fields = optionalDoc(cmd, 'fields') ?? optionalDoc(cmd, 'projection');
  const remove = cmd.remove === true;
  const returnNew = cmd.new === true;
  const hasUpdate = cmd.update !== undefined && cmd.update !== null;
  if (remove && hasUpdate) throw failedToParse('Cannot specify both an update and remove=true');
  if (!remove && !hasUpdate) throw failedToParse('Either an update or remove=true must be specified');
  if (remove && returnNew) throw failedToParse('Cannot specify both new=true and remove=true; \'remove\' always returns the deleted document');
  if (remove && cmd.upsert === true) throw failedToParse('Cannot specify both upsert=true and remove=true');
  const project = (doc: Doc | undefined): Doc | null => (doc ? projectOne(doc, fields) : null);

  if (remove) {
    const coll = ctx.catalog.writable(ctx.db, name);
    const [doc] = runQuery(coll, { filter: query, sort, limit: 1, collation: optionalDoc(cmd, 'collation'), variables: evaluateLet(cmd.let) });
    if (doc) coll?.remove(doc);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: project(doc), ok: 1 };
  }
  const r = updateDocuments(
    ctx.catalog.writable(ctx.db, name),
    () => ctx.catalog.ensure(ctx.db, name),
    {
      q: query,
      u: cmd.update as UpdateDoc,
      upsert: cmd.upsert === true,
      arrayFilters: cmd.arrayFilters as Doc[] | undefined,
      collation: optionalDoc(cmd, 'collation'),
      variables: evaluateLet(cmd.let),
    },
    sort,
  );
  const lastErrorObject: Doc = { n: r.upserted !== undefined ? 1 : r.matched, updatedExisting: r.matched > 0 };
  if (r.upserted !== undefined) lastErrorObject.upserted = r.upserted;
  const value = returnNew ? r.after : r.upserted !== undefined ? undefined : r.before;
  return { lastErrorObject, value: project(value), ok: 1 };
}

export const writeCommands: Record<string, CommandHandler> = {
  insert,
  update,
  delete: deleteCommand,
  findAndModify,
  findandmodify: findAndModify,
};
