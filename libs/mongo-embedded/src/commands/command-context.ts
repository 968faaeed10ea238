// What every command handler receives, plus small argument helpers shared by the handlers.
import type { Catalog } from '../engine/catalog';
import type { Collection } from '../engine/collection';
import { MongoServerError, badValue } from '../engine/errors';
import { Doc, isPlainObject } from '../engine/values';
import type { CursorStore } from './cursors';

export interface CommandContext {
  readonly catalog: Catalog;
  readonly cursors: CursorStore;
  readonly db: string;
  readonly connectionId: number;
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
