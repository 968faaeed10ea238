// Collection and index management commands.
import { Query } from '../engine/mingo';
import type { IndexSpec } from '../engine/collection-index';
import { ID_INDEX } from '../engine/collection';
import { MongoServerError, badValue } from '../engine/errors';
import { Doc, isPlainObject, valueKey } from '../engine/values';
import { CommandContext, CommandHandler, collectionName, getCollection, requireArray } from './command-context';

function create(cmd: Doc, ctx: CommandContext): Doc {
  const { create: name, $db, lsid, writeConcern, comment, ...options } = cmd;
  void $db; void lsid; void writeConcern; void comment;
  ctx.catalog.create(ctx.db, collectionName({ create: name }), options);
  return { ok: 1 };
}

function drop(cmd: Doc, ctx: CommandContext): Doc {
  const name = collectionName(cmd);
  const coll = getCollection(ctx, name);
  if (!coll) throw new MongoServerError(26, 'ns not found');
  const nIndexesWas = coll.indexes.size + 1;
  ctx.catalog.drop(ctx.db, name);
  return { nIndexesWas, ns: `${ctx.db}.${name}`, ok: 1 };
}

function dropDatabase(_cmd: Doc, ctx: CommandContext): Doc {
  ctx.catalog.dropDatabase(ctx.db);
  return { dropped: ctx.db, ok: 1 };
}

function defaultIndexName(key: Doc): string {
  return Object.entries(key).map(([k, v]) => `${k}_${String(v)}`).join('_');
}

const COMPARED_OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds', 'collation'];

function createIndexes(cmd: Doc, ctx: CommandContext): Doc {
  const name = collectionName(cmd);
  const specs = requireArray(cmd, 'indexes');
  const existed = getCollection(ctx, name) !== undefined;
  const coll = ctx.catalog.ensure(ctx.db, name);
  const before = coll.indexes.size + 1;
  const fresh: IndexSpec[] = [];
  for (const raw of specs) {
    if (!isPlainObject(raw) || !isPlainObject(raw.key) || Object.keys(raw.key).length === 0) {
      throw new MongoServerError(67, 'Index keys cannot be empty.');
    }
    const { ns, ...rest } = raw;
    void ns;
    const spec = { v: 2, ...rest, name: typeof raw.name === 'string' ? raw.name : defaultIndexName(raw.key) } as IndexSpec;
    if (spec.name === '_id_' || valueKey(spec.key) === valueKey(ID_INDEX.key)) {
      if (spec.unique === false) throw new MongoServerError(67, "The field 'unique' is not valid for an _id index specification.");
      continue;
    }
    const sameName = coll.indexes.get(spec.name);
    const sameKey = [...coll.indexes.values()].find((i) => valueKey(i.spec.key) === valueKey(spec.key));
    const optionsOf = (s: IndexSpec) => valueKey(COMPARED_OPTIONS.map((o) => (o === 'unique' || o === 'sparse' ? s[o] === true : s[o])));
    if (sameName) {
      if (valueKey(sameName.spec.key) !== valueKey(spec.key)) {
        throw new MongoServerError(86, `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(sameName.spec)}`);
      }
      if (optionsOf(sameName.spec) !== optionsOf(spec)) {
        throw new MongoServerError(86, `An existing index has the same name as the requested index with different options: ${spec.name}`);
      }
      continue;
    }
    if (sameKey && optionsOf(sameKey.spec) === optionsOf(spec)) {
      throw new MongoServerError(85, `Index already exists with a different name: ${sameKey.spec.name}`);
    }
    fresh.push(spec);
  }
  for (const spec of fresh) coll.createIndex(spec);
  const reply: Doc = { numIndexesBefore: before, numIndexesAfter: coll.indexes.size + 1, createdCollectionAutomatically: !existed, ok: 1 };
  if (fresh.length === 0) reply.note = 'all indexes already exist';
  return reply;
}

function listIndexes(cmd: Doc, ctx: CommandContext): Doc {
  const name = collectionName(cmd);
  const coll = getCollection(ctx, name);
  if (!coll) throw new MongoServerError(26, `ns does not exist: ${ctx.db}.${name}`);
  const batchSize = isPlainObject(cmd.cursor) ? (cmd.cursor.batchSize as number | undefined) : undefined;
  return ctx.cursors.first(`${ctx.db}.${name}`, coll.indexSpecs() as Doc[], batchSize);
}

function dropIndexes(cmd: Doc, ctx: CommandContext): Doc {
  const name = collectionName(cmd);
  const coll = getCollection(ctx, name);
  if (!coll) throw new MongoServerError(26, `ns not found ${ctx.db}.${name}`);
  const nIndexesWas = coll.indexes.size + 1;
  const requested = cmd.index;
  const names: string[] = [];
  if (requested === '*') names.push(...coll.indexes.keys());
  else if (typeof requested === 'string') names.push(requested);
  else if (Array.isArray(requested)) names.push(...(requested as string[]));
  else if (isPlainObject(requested)) {
    const found = [...coll.indexes.values()].find((i) => valueKey(i.spec.key) === valueKey(requested));
    if (!found) throw new MongoServerError(27, `can't find index with key: ${JSON.stringify(requested)}`);
    names.push(found.spec.name);
  } else throw badValue('index must be a string, an array of strings or a key pattern');
  for (const n of names) {
    if (n === '_id_') throw new MongoServerError(72, 'cannot drop _id index');
    if (!coll.indexes.has(n)) throw new MongoServerError(27, `index not found with name [${n}]`);
  }
  for (const n of names) coll.dropIndex(n);
  return { nIndexesWas, ok: 1 };
}

function listCollections(cmd: Doc, ctx: CommandContext): Doc {
  const entries: Doc[] = ctx.catalog.collections(ctx.db).map((c) => ({
    name: c.name,
    type: c.isView ? 'view' : 'collection',
    options: c.options,
    info: { readOnly: false, uuid: c.uuid },
    idIndex: ID_INDEX,
  }));
  const filter = isPlainObject(cmd.filter) ? cmd.filter : {};
  const query = new Query(filter, {});
  const matched = entries.filter((e) => query.test(e));
  const docs = cmd.nameOnly === true ? matched.map((e) => ({ name: e.name, type: e.type })) : matched;
  const batchSize = isPlainObject(cmd.cursor) ? (cmd.cursor.batchSize as number | undefined) : undefined;
  return ctx.cursors.first(`${ctx.db}.$cmd.listCollections`, docs, batchSize);
}

function renameCollection(cmd: Doc, ctx: CommandContext): Doc {
  const [fromDb, ...fromRest] = String(cmd.renameCollection).split('.');
  const [toDb, ...toRest] = String(cmd.to).split('.');
  const source = ctx.catalog.get(fromDb, fromRest.join('.'));
  if (!source) throw new MongoServerError(26, 'source namespace does not exist');
  const toName = toRest.join('.');
  if (ctx.catalog.get(toDb, toName)) {
    if (cmd.dropTarget !== true) throw new MongoServerError(48, 'target namespace exists');
    ctx.catalog.drop(toDb, toName);
  }
  const target = ctx.catalog.create(toDb, toName, source.options);
  for (const index of source.indexes.values()) target.createIndex(index.spec);
  for (const doc of source.all()) target.insert(doc);
  ctx.catalog.drop(fromDb, source.name);
  return { ok: 1 };
}

export const ddlCommands: Record<string, CommandHandler> = {
  create,
  drop,
  dropDatabase,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  listCollections,
  renameCollection,
  collMod: () => ({ ok: 1 }),
};
