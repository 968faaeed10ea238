import { mongo, type Model } from 'mongoose';

type Document = mongo.Document;
type Long = mongo.Long;

export interface RawFindOptions {
  projection: Document;
  sort: Document;
  batchSize: number;
}

/** A find or getMore reply whose batch was left as BSON (bson's fieldsAsRaw), its cursor id kept a Long. */
interface RawCursorReply {
  cursor: { id: Long | number; firstBatch?: Buffer[]; nextBatch?: Buffer[] };
}
const RAW_BATCH = {
  fieldsAsRaw: { firstBatch: true, nextBatch: true },
  promoteLongs: false,
} as const;

/**
 * The documents a find matches, as their BSON bytes, through find and getMore commands whose batches are left
 * undecoded. The driver's cursor builds a parsed view of every document it hands out, even with `raw: true`; a
 * report that reads a year of conversations spent more on that than on its figures. The commands run in one
 * explicit session (a getMore must come from the cursor's session), and a cursor left before its end is killed.
 */
export async function* rawFind<T>(
  model: Model<T>,
  filter: Document,
  options: RawFindOptions,
): AsyncGenerator<Buffer> {
  const db = model.db.db;
  if (!db) throw new Error('the database is not connected');
  const collection = model.collection.collectionName;
  const session = model.db.getClient().startSession();
  let cursorId: Long | null = null;
  try {
    let reply = (await db.command(
      {
        find: collection,
        filter,
        projection: options.projection,
        sort: options.sort,
        batchSize: options.batchSize,
      },
      { session, ...RAW_BATCH },
    )) as RawCursorReply;
    for (;;) {
      const { id, firstBatch, nextBatch } = reply.cursor;
      const long = typeof id === 'number' ? mongo.Long.fromNumber(id) : id;
      cursorId = long.isZero() ? null : long;
      yield* firstBatch ?? nextBatch ?? [];
      if (!cursorId) return;
      reply = (await db.command(
        { getMore: cursorId, collection, batchSize: options.batchSize },
        { session, ...RAW_BATCH },
      )) as RawCursorReply;
    }
  } finally {
    if (cursorId)
      await db.command({ killCursors: collection, cursors: [cursorId] }, { session }).catch(() => undefined);
    await session.endSession();
  }
}
