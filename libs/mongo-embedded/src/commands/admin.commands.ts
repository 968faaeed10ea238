// Handshake and server-level commands the driver and mongoose send.
import os from 'node:os';
import { UUID } from 'bson';
import { MongoServerError } from '../engine/errors';
import type { Doc } from '../engine/values';
import { MAX_BSON_SIZE } from '../wire/messages';
import type { CommandContext, CommandHandler } from './command-context';

export const SERVER_VERSION = '7.0.14';
const startedAt = Date.now();

function hello(cmd: Doc, ctx: CommandContext): Doc {
  const reply: Doc = {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: MAX_BSON_SIZE,
    maxMessageSizeBytes: ctx.maxMessageBytes,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  };
  if (cmd.hello === undefined) delete reply.isWritablePrimary; // legacy isMaster answers with `ismaster` only
  const mechanisms = typeof cmd.saslSupportedMechs === 'string' ? ctx.session.supportedMechanisms() : undefined;
  if (mechanisms) reply.saslSupportedMechs = mechanisms;
  const speculative = speculativeAuthenticate(cmd.speculativeAuthenticate, ctx);
  if (speculative) reply.speculativeAuthenticate = speculative;
  return reply;
}

/** The driver's first SASL step carried inside hello; a failure is not an error, the reply just leaves it out. */
function speculativeAuthenticate(request: unknown, ctx: CommandContext): Doc | undefined {
  if (!request || typeof request !== 'object') return undefined;
  const { db, ...saslStart } = request as Doc;
  try {
    const { ok: _ok, ...reply } = ctx.session.saslStart(typeof db === 'string' ? db : ctx.db, saslStart);
    return reply;
  } catch {
    return undefined;
  }
}

function buildInfo(): Doc {
  return {
    version: SERVER_VERSION,
    gitVersion: 'switchboard-embedded',
    versionArray: [7, 0, 14, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_SIZE,
    storageEngines: ['embedded'],
    javascriptEngine: 'none',
    ok: 1,
  };
}

function listDatabases(cmd: Doc, ctx: CommandContext): Doc {
  const databases = ctx.catalog.databaseNames().map((name) => ({ name, sizeOnDisk: 0, empty: false }));
  if (cmd.nameOnly === true) return { databases: databases.map(({ name }) => ({ name })), ok: 1 };
  return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
}

const ok = (): Doc => ({ ok: 1 });

function refuseTransaction(): Doc {
  throw new MongoServerError(20, 'Transaction numbers are only allowed on a replica set member or mongos');
}

export const adminCommands: Record<string, CommandHandler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: ok,
  buildInfo,
  buildinfo: buildInfo,
  listDatabases,
  endSessions: ok,
  killSessions: ok,
  killAllSessions: ok,
  refreshSessions: ok,
  startSession: () => ({ id: { id: new UUID() }, timeoutMinutes: 30, ok: 1 }),
  commitTransaction: () => refuseTransaction(),
  abortTransaction: () => refuseTransaction(),
  getLastError: () => ({ n: 0, err: null, ok: 1 }),
  whatsmyuri: () => ({ you: '127.0.0.1:0', ok: 1 }),
  hostInfo: () => ({ system: { hostname: os.hostname(), numCores: os.cpus().length }, os: { type: os.type() }, ok: 1 }),
  serverStatus: (_cmd, ctx) => ({
    host: os.hostname(),
    version: SERVER_VERSION,
    process: 'mongod',
    pid: process.pid,
    uptime: Math.floor((Date.now() - startedAt) / 1000),
    localTime: new Date(),
    connections: { ...ctx.connections, available: 1_000_000 },
    ok: 1,
  }),
  getParameter: () => ({ featureCompatibilityVersion: { version: '7.0' }, ok: 1 }),
  getCmdLineOpts: () => ({ argv: ['mongod'], parsed: {}, ok: 1 }),
  getLog: () => ({ totalLinesWritten: 0, log: [], ok: 1 }),
};
