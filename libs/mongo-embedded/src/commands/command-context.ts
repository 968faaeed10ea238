// What every command handler receives, plus small argument helpers shared by the handlers.
import type { AuthSession } from '../auth/session';
import type { Catalog } from '../engine/catalog';
import type { Collection, ReadableCollection } from '../engine/collection';
import { ComputedCollection } from '../engine/scan';
import { MongoServerError, badValue } from '../engine/errors';
import { Doc, isPlainObject } from '../engine/values';
import type { CursorStore } from './cursors';

export interface CommandContext {
  readonly catalog: Catalog;
  readonly cursors: CursorStore;
  readonly db: string;
  readonly connectionId: number;
  /** Open and total connections, for serverStatus. */
  readonly connections: { current: number; totalCreated: number };
  /** The connection's authentication state. */
  readonly session: AuthSession;
  /** Largest message a client may send (hello's maxMessageSizeBytes). */
  readonly maxMessageBytes: number;
}

export type CommandHandler = (cmd: Doc, ctx: CommandContext) => Doc;

/** The collection name a command targets (the value of its first key). */
export function collectionName(cmd: Doc): string {
  const name = cmd[Object.keys(cmd)[0]];
  if (typeof name !== 'string' || name.length === 0) {
    throw new MongoServerError(73, `collection name has invalid type ${typeof name}`);
  }
  return name;
}

export function optionalDoc(cmd: Doc, field: string): Doc | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (!isPlainObject(v)) throw new MongoServerError(14, `BSON field '${field}' is the wrong type, expected an object`);
  return v;
}

export function optionalNumber(cmd: Doc, field: string): number | undefined {
  const v = cmd[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw new MongoServerError(14, `BSON field '${field}' is the wrong type, expected a number`);
  return v;
}

export function requireArray(cmd: Doc, field: string): Doc[] {
  const v = cmd[field];
  if (!Array.isArray(v)) throw badValue(`BSON field '${field}' is missing or not an array`);
  return v as Doc[];
}

export function getCollection(ctx: CommandContext, name: string): Collection | undefined {
  return ctx.catalog.get(ctx.db, name);
}

/** What a read sees under `name`: the collection, or a view's pipeline output as a throwaway collection. */
export function readableCollection(
  ctx: CommandContext,
  name: string,
  runPipeline: (docs: Iterable<Doc>, pipeline: Doc[]) => Doc[],
  depth = 0,
): ReadableCollection | undefined {
  const coll = getCollection(ctx, name);
  if (!coll?.isView) return coll;
  if (depth > 20) throw new MongoServerError(2, 'view definitions nest too deeply');
  const source = readableCollection(ctx, String(coll.options.viewOn), runPipeline, depth + 1);
  const docs = runPipeline(source?.all() ?? [], (coll.options.pipeline as Doc[]) ?? []);
  return new ComputedCollection(name, coll.ns, coll.uuid, coll.options, docs);
}
