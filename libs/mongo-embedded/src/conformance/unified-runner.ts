// A runner for MongoDB's CRUD spec tests in the unified test format, driving the official `mongodb`
// driver against a server URI. Used by conformance.spec.ts and scripts/conformance.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { EJSON } from 'bson';
import { Collection, CommandStartedEvent, Db, MongoClient, MongoServerError } from 'mongodb';
import { isPlainObject } from '../engine/values';
import { assertMatches } from './unified-matcher';

type Doc = Record<string, unknown>;

export const SERVER_VERSION = [7, 0, 14];

export interface SpecCase {
  file: string;
  description: string;
  /** Set when the case cannot apply to a standalone 7.0 server without fail points or transactions. */
  skipReason?: string;
  run(uri: string): Promise<void>;
}

/** Where the spec JSON files are: SPEC_TESTS_DIR, or <repo>/../shared/conformance/crud. */
export function specDirectory(repoRoot: string): string {
  return process.env.SPEC_TESTS_DIR ?? path.resolve(repoRoot, '..', 'shared', 'conformance', 'crud');
}

export function loadSpecCases(dir: string): SpecCase[] {
  const cases: SpecCase[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const spec = EJSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'), { relaxed: true }) as Doc;
    const fileSkip = requirementsSkip(spec.runOnRequirements);
    for (const test of spec.tests as Doc[]) {
      cases.push({
        file: name,
        description: String(test.description),
        skipReason: fileSkip ?? requirementsSkip(test.runOnRequirements) ?? testSkip(test),
        run: (uri) => runTest(spec, test, uri),
      });
    }
  }
  return cases;
}

function versionOf(s: unknown): number[] {
  return String(s).split('.').map(Number);
}

function compareVersion(a: number[], b: number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

function requirementsSkip(reqs: unknown): string | undefined {
  if (!Array.isArray(reqs) || reqs.length === 0) return undefined;
  const reasons = (reqs as Doc[]).map((r) => {
    if (r.minServerVersion && compareVersion(SERVER_VERSION, versionOf(r.minServerVersion)) < 0) return `needs server >= ${String(r.minServerVersion)}`;
    if (r.maxServerVersion && compareVersion(SERVER_VERSION, versionOf(r.maxServerVersion)) > 0) return `needs server <= ${String(r.maxServerVersion)}`;
    if (Array.isArray(r.topologies) && !r.topologies.includes('single')) return `needs topology ${r.topologies.join('/')}`;
    if (r.serverless === 'require') return 'needs serverless';
    if (r.auth === true) return 'needs auth';
    if (r.csfle) return 'needs csfle';
    return undefined;
  });
  return reasons.every((r) => r) ? reasons[0] : undefined;
}

function testSkip(test: Doc): string | undefined {
  const ops = test.operations as Doc[];
  if (ops.some((o) => o.name === 'failPoint' || o.name === 'targetedFailPoint')) return 'needs a failPoint';
  if (ops.some((o) => ['startTransaction', 'commitTransaction', 'withTransaction'].includes(String(o.name)))) return 'needs transactions';
  if (ops.some((o) => isPlainObject(o.arguments) && 'session' in o.arguments)) return 'needs sessions';
  return undefined;
}

interface Entities {
  clients: Map<string, { client: MongoClient; events: CommandStartedEvent[]; ignore: string[] }>;
  dbs: Map<string, Db>;
  colls: Map<string, Collection>;
}

async function runTest(spec: Doc, test: Doc, uri: string): Promise<void> {
  const setup = new MongoClient(uri);
  const entities: Entities = { clients: new Map(), dbs: new Map(), colls: new Map() };
  try {
    await setup.connect();
    for (const data of (spec.initialData as Doc[] | undefined) ?? []) {
      const db = setup.db(String(data.databaseName));
      await db.collection(String(data.collectionName)).drop().catch(() => undefined);
      await db.createCollection(String(data.collectionName), (data.createOptions as Doc) ?? {});
      const docs = data.documents as Doc[];
      if (docs.length) await db.collection(String(data.collectionName)).insertMany(docs);
    }
    await createEntities(spec.createEntities as Doc[], uri, entities);
    for (const op of test.operations as Doc[]) await runOperation(op, entities);
    for (const expected of (test.expectEvents as Doc[] | undefined) ?? []) {
      const entry = entities.clients.get(String(expected.client));
      if (!entry) throw new Error(`unknown client ${String(expected.client)}`);
      const actual = entry.events.filter((e) => !entry.ignore.includes(e.commandName));
      const wanted = expected.events as Doc[];
      if (actual.length !== wanted.length) throw new Error(`events: ${actual.length} commands sent, expected ${wanted.length}: ${actual.map((e) => e.commandName).join(', ')}`);
      wanted.forEach((w, i) => {
        const e = w.commandStartedEvent as Doc;
        if (!e) throw new Error(`unsupported expected event ${Object.keys(w)[0]}`);
        if (e.command !== undefined) assertMatches(e.command, actual[i].command, true, `events[${i}].command`);
        if (e.commandName !== undefined && e.commandName !== actual[i].commandName) throw new Error(`events[${i}]: ${actual[i].commandName} != ${String(e.commandName)}`);
        if (e.databaseName !== undefined && e.databaseName !== actual[i].databaseName) throw new Error(`events[${i}]: database ${actual[i].databaseName}`);
      });
    }
    for (const outcome of (test.outcome as Doc[] | undefined) ?? []) {
      const docs = await setup.db(String(outcome.databaseName)).collection(String(outcome.collectionName)).find({}).sort({ _id: 1 }).toArray();
      const wanted = outcome.documents as Doc[];
      if (docs.length !== wanted.length) throw new Error(`outcome ${String(outcome.collectionName)}: ${docs.length} documents, expected ${wanted.length}`);
      wanted.forEach((w, i) => assertMatches(w, docs[i], false, `outcome ${String(outcome.collectionName)}[${i}]`));
    }
  } finally {
    for (const { client } of entities.clients.values()) await client.close();
    await setup.close();
  }
}

async function createEntities(list: Doc[], uri: string, entities: Entities): Promise<void> {
  for (const entry of list) {
    const [kind, raw] = Object.entries(entry)[0] as [string, Doc];
    const id = String(raw.id);
    if (kind === 'client') {
      const client = new MongoClient(uri, { monitorCommands: true, ...((raw.uriOptions as Doc) ?? {}) });
      const events: CommandStartedEvent[] = [];
      client.on('commandStarted', (e) => events.push(e));
      await client.connect();
      const ignore = ['configureFailPoint', ...(((raw.ignoreCommandMonitoringEvents as string[]) ?? []))];
      entities.clients.set(id, { client, events, ignore });
    } else if (kind === 'database') {
      const client = entities.clients.get(String(raw.client))?.client;
      if (!client) throw new Error(`unknown client ${String(raw.client)}`);
      entities.dbs.set(id, client.db(String(raw.databaseName), (raw.databaseOptions as Doc) ?? {}));
    } else if (kind === 'collection') {
      const db = entities.dbs.get(String(raw.database));
      if (!db) throw new Error(`unknown database ${String(raw.database)}`);
      entities.colls.set(id, db.collection(String(raw.collectionName), (raw.collectionOptions as Doc) ?? {}));
    } else {
      throw new Error(`unsupported entity ${kind}`);
    }
  }
  // Events from connecting are not part of any test's expectations.
  for (const c of entities.clients.values()) c.events.length = 0;
}

async function runOperation(op: Doc, entities: Entities): Promise<void> {
  const expectError = op.expectError as Doc | undefined;
  let result: unknown;
  try {
    result = await invoke(op, entities);
  } catch (err) {
    if (!expectError) throw err;
    checkError(expectError, err);
    return;
  }
  if (expectError) throw new Error(`expected an error, got ${EJSON.stringify(result as Doc)}`);
  if ('expectResult' in op) assertMatches(op.expectResult, normalizeResult(result), true, 'result');
}

function checkError(expected: Doc, err: unknown): void {
  const e = err as MongoServerError & { errorResponse?: Doc };
  const isServer = err instanceof MongoServerError || (e && typeof e.code === 'number');
  if (expected.isClientError === true && isServer) throw new Error(`expected a client error, got server error ${e.message}`);
  if (expected.isClientError === false && !isServer) throw new Error(`expected a server error, got ${String(err)}`);
  if (typeof expected.errorContains === 'string' && !String(e.message).toLowerCase().includes(expected.errorContains.toLowerCase())) {
    throw new Error(`error "${e.message}" does not contain "${expected.errorContains}"`);
  }
  if (expected.errorCode !== undefined && e.code !== expected.errorCode) throw new Error(`error code ${String(e.code)} != ${String(expected.errorCode)}`);
  if (expected.errorCodeName !== undefined && e.codeName !== expected.errorCodeName) throw new Error(`error codeName ${String(e.codeName)} != ${String(expected.errorCodeName)}`);
  if (expected.expectResult !== undefined) {
    const partial = (err as { result?: unknown }).result;
    assertMatches(expected.expectResult, normalizeResult(partial), true, 'error result');
  }
}

/** Driver result classes to the plain shapes the spec files describe. */
function normalizeResult(result: unknown): unknown {
  if (result === null || typeof result !== 'object' || Array.isArray(result) || isPlainObject(result)) return result;
  const r = result as Doc;
  const keys = ['insertedCount', 'matchedCount', 'modifiedCount', 'deletedCount', 'upsertedCount', 'insertedIds', 'upsertedIds', 'insertedId', 'upsertedId'];
  const out: Doc = {};
  for (const k of keys) if (r[k] !== undefined) out[k] = r[k];
  return Object.keys(out).length ? out : result;
}

const BULK_MODELS = ['insertOne', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany'];

function driverOptions(args: Doc, omit: string[]): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(args)) {
    if (omit.includes(k)) continue;
    if (k === 'returnDocument') out[k] = String(v).toLowerCase();
    else out[k] = v;
  }
  return out;
}

async function invoke(op: Doc, entities: Entities): Promise<unknown> {
  const args = (op.arguments as Doc) ?? {};
  const name = String(op.name);
  const target = String(op.object);
  const db = entities.dbs.get(target);
  if (db) {
    switch (name) {
      case 'aggregate':
        return db.aggregate(args.pipeline as Doc[], driverOptions(args, ['pipeline'])).toArray();
      case 'dropCollection':
        return db.dropCollection(String(args.collection), driverOptions(args, ['collection']));
      case 'createCollection':
        return db.createCollection(String(args.collection), driverOptions(args, ['collection'])).then(() => undefined);
      case 'runCommand':
        return db.command(args.command as Doc);
      default:
        throw new Error(`unsupported database operation ${name}`);
    }
  }
  const coll = entities.colls.get(target);
  if (!coll) throw new Error(`unknown entity ${target}`);
  const filter = (args.filter as Doc) ?? {};
  switch (name) {
    case 'find':
      return coll.find(filter, driverOptions(args, ['filter'])).toArray();
    case 'findOne':
      return coll.findOne(filter, driverOptions(args, ['filter']));
    case 'aggregate':
      return coll.aggregate(args.pipeline as Doc[], driverOptions(args, ['pipeline'])).toArray();
    case 'countDocuments':
      return coll.countDocuments(filter, driverOptions(args, ['filter']));
    case 'estimatedDocumentCount':
      return coll.estimatedDocumentCount(driverOptions(args, []));
    case 'count':
      return coll.count(filter, driverOptions(args, ['filter']));
    case 'distinct':
      return coll.distinct(String(args.fieldName), filter, driverOptions(args, ['fieldName', 'filter']));
    case 'insertOne':
      return coll.insertOne(args.document as Doc, driverOptions(args, ['document']));
    case 'insertMany':
      return coll.insertMany(args.documents as Doc[], driverOptions(args, ['documents']));
    case 'updateOne':
      return coll.updateOne(filter, args.update as Doc, driverOptions(args, ['filter', 'update']));
    case 'updateMany':
      return coll.updateMany(filter, args.update as Doc, driverOptions(args, ['filter', 'update']));
    case 'replaceOne':
      return coll.replaceOne(filter, args.replacement as Doc, driverOptions(args, ['filter', 'replacement']));
    case 'deleteOne':
      return coll.deleteOne(filter, driverOptions(args, ['filter']));
    case 'deleteMany':
      return coll.deleteMany(filter, driverOptions(args, ['filter']));
    case 'findOneAndUpdate':
      return coll.findOneAndUpdate(filter, args.update as Doc, driverOptions(args, ['filter', 'update']));
    case 'findOneAndReplace':
      return coll.findOneAndReplace(filter, args.replacement as Doc, driverOptions(args, ['filter', 'replacement']));
    case 'findOneAndDelete':
      return coll.findOneAndDelete(filter, driverOptions(args, ['filter']));
    case 'bulkWrite': {
      const requests = (args.requests as Doc[]).map((r) => {
        const [model, body] = Object.entries(r)[0];
        if (!BULK_MODELS.includes(model)) throw new Error(`unsupported bulk model ${model}`);
        return { [model]: body };
      });
      return coll.bulkWrite(requests as never, driverOptions(args, ['requests']));
    }
    default:
      throw new Error(`unsupported collection operation ${name}`);
  }
}
