// Server-side cursors: a materialised result list handed out in batches; ids are 64-bit Longs.
import { BSON, Long } from 'bson';
import type { Doc } from '../engine/values';
import { MAX_BSON_SIZE } from '../wire/messages';

const IDLE_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_FIRST_BATCH = 101;
/** Leave room for the reply envelope around the batch. */
const BATCH_BYTES = MAX_BSON_SIZE - 64 * 1024;

interface OpenCursor {
  ns: string;
  docs: Doc[];
  pos: number;
  touched: number;
}

export class CursorStore {
  private readonly open = new Map<string, OpenCursor>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(), 60_000);
    this.sweeper.unref();
  }

  /** Reply for find/aggregate/list*: first batch plus a cursor id when more remain. */
  first(ns: string, docs: Doc[], batchSize?: number, singleBatch = false): Doc {
    const cursor: OpenCursor = { ns, docs, pos: 0, touched: Date.now() };
    const batch = batchSize === 0 ? [] : this.take(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
    let id = Long.ZERO;
    if (!singleBatch && cursor.pos < docs.length) {
      id = newCursorId();
      this.open.set(id.toString(), cursor);
    }
    return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
  }

  next(id: unknown, batchSize?: number): Doc | null {
    const key = String(id);
    const cursor = this.open.get(key);
    if (!cursor) return null;
    cursor.touched = Date.now();
    const batch = this.take(cursor, batchSize ?? Number.MAX_SAFE_INTEGER);
    let replyId: Long = Long.fromString(key);
    if (cursor.pos >= cursor.docs.length) {
      this.open.delete(key);
      replyId = Long.ZERO;
    }
    return { cursor: { nextBatch: batch, id: replyId, ns: cursor.ns }, ok: 1 };
  }

  ns(id: unknown): string | undefined {
    return this.open.get(String(id))?.ns;
  }

  kill(id: unknown): boolean {
    return this.open.delete(String(id));
  }

  close(): void {
    clearInterval(this.sweeper);
    this.open.clear();
  }

  private take(cursor: OpenCursor, batchSize: number): Doc[] {
    const limit = batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER;
    const out: Doc[] = [];
    let bytes = 0;
    while (cursor.pos < cursor.docs.length && out.length < limit) {
      const doc = cursor.docs[cursor.pos];
      bytes += BSON.calculateObjectSize(doc);
      if (out.length > 0 && bytes > BATCH_BYTES) break;
      out.push(doc);
      cursor.pos++;
    }
    return out;
  }

  private sweep(): void {
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [id, c] of this.open) if (c.touched < cutoff) this.open.delete(id);
  }
}

function newCursorId(): Long {
  const high = (Math.random() * 0x7fffffff) | 0 || 1;
  const low = (Math.random() * 0xffffffff) | 0;
  return Long.fromBits(low, high);
}
