// Server-side cursors: a lazy document sequence handed out in batches (each getMore pulls the next documents from the
// store); ids are 64-bit Longs. A cursor that is exhausted, killed or idle releases its sequence (and with it the
// LMDB read snapshot its walk holds).
import { Long } from 'bson';
import { replySizeOf, type BatchDoc } from '../engine/raw-document';
import type { Doc } from '../engine/values';
import { MAX_BSON_SIZE } from '../wire/messages';

const IDLE_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_FIRST_BATCH = 101;
/** Leave room for the reply envelope around the batch. */
const BATCH_BYTES = MAX_BSON_SIZE - 64 * 1024;

interface OpenCursor {
  ns: string;
  source: Iterator<BatchDoc>;
  /** A document pulled but not sent yet (it did not fit the last batch, or proved that more remain). */
  held: BatchDoc | undefined;
  done: boolean;
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
  first(ns: string, docs: Iterable<BatchDoc>, batchSize?: number, singleBatch = false): Doc {
    const cursor: OpenCursor = {
      ns,
      source: docs[Symbol.iterator](),
      held: undefined,
      done: false,
      touched: Date.now(),
    };
    let batch: BatchDoc[];
    try {
      batch = batchSize === 0 ? [] : this.take(cursor, batchSize ?? DEFAULT_FIRST_BATCH);
      if (!singleBatch) this.peek(cursor);
    } catch (err) {
      release(cursor);
      throw err;
    }
    let id = Long.ZERO;
    if (!singleBatch && !cursor.done) {
      id = newCursorId();
      this.open.set(id.toString(), cursor);
    } else release(cursor);
    return { cursor: { firstBatch: batch, id, ns }, ok: 1 };
  }

  next(id: unknown, batchSize?: number): Doc | null {
    const key = String(id);
    const cursor = this.open.get(key);
    if (!cursor) return null;
    cursor.touched = Date.now();
    let batch: BatchDoc[];
    try {
      batch = this.take(cursor, batchSize ?? Number.MAX_SAFE_INTEGER);
      this.peek(cursor);
    } catch (err) {
      this.kill(id);
      throw err;
    }
    let replyId: Long = Long.fromString(key);
    if (cursor.done) {
      this.kill(id);
      replyId = Long.ZERO;
    }
    return { cursor: { nextBatch: batch, id: replyId, ns: cursor.ns }, ok: 1 };
  }

  ns(id: unknown): string | undefined {
    return this.open.get(String(id))?.ns;
  }

  kill(id: unknown): boolean {
    const cursor = this.open.get(String(id));
    if (cursor) release(cursor);
    return this.open.delete(String(id));
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const cursor of this.open.values()) release(cursor);
    this.open.clear();
  }

  private take(cursor: OpenCursor, batchSize: number): BatchDoc[] {
    const limit = batchSize > 0 ? batchSize : Number.MAX_SAFE_INTEGER;
    const out: BatchDoc[] = [];
    let bytes = 0;
    while (out.length < limit) {
      const doc = cursor.held ?? this.pull(cursor);
      cursor.held = undefined;
      if (doc === undefined) break;
      bytes += replySizeOf(doc, out.length);
      if (out.length > 0 && bytes > BATCH_BYTES) {
        cursor.held = doc;
        break;
      }
      out.push(doc);
    }
    return out;
  }

  /** Pulls one document ahead, so that a reply can say whether more remain. */
  private peek(cursor: OpenCursor): void {
    if (cursor.held === undefined && !cursor.done) cursor.held = this.pull(cursor);
  }

  private pull(cursor: OpenCursor): BatchDoc | undefined {
    if (cursor.done) return undefined;
    const r = cursor.source.next();
    if (r.done) {
      cursor.done = true;
      return undefined;
    }
    return r.value;
  }

  private sweep(): void {
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [id, c] of this.open) if (c.touched < cutoff) this.kill(id);
  }
}

function release(cursor: OpenCursor): void {
  cursor.done = true;
  cursor.source.return?.();
}

function newCursorId(): Long {
  const high = (Math.random() * 0x7fffffff) | 0 || 1;
  const low = (Math.random() * 0xffffffff) | 0;
  return Long.fromBits(low, high);
}
