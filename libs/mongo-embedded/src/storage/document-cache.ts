// Decoded documents kept by their `docs` key, least recently used first out, so the documents an application reads
// again and again (the live conversations, the signed-in users) are not decoded from BSON on every read. Only
// committed contents are ever kept: a key written by a transaction is dropped at once and cannot be cached again
// until that transaction has committed (a read in between sees the old committed value and must not keep it).
// Readers share the cached object: nothing in the store mutates a document it read (updates work on a clone).
import type { Doc } from '../engine/values';

export const DOCUMENT_CACHE_ENTRIES = 10_000;

export class DocumentCache {
  private readonly docs = new Map<string, Doc>();
  /** Keys written by transactions that have not committed yet (with how many such transactions). */
  private readonly pending = new Map<string, number>();
  /** Uncommitted transactions that cleared whole collections: nothing is cached until they commit. */
  private clearing = 0;

  constructor(private readonly capacity = DOCUMENT_CACHE_ENTRIES) {}

  get size(): number {
    return this.docs.size;
  }

  get(key: string): Doc | undefined {
    const doc = this.docs.get(key);
    if (doc) {
      // Map keeps insertion order: re-inserting makes this the most recently used.
      this.docs.delete(key);
      this.docs.set(key, doc);
    }
    return doc;
  }

  /** Keeps a document just decoded from the committed data (ignored while a write of its key is pending). */
  remember(key: string, doc: Doc): void {
    if (this.capacity === 0 || this.clearing > 0 || this.pending.has(key)) return;
    this.docs.set(key, doc);
    if (this.docs.size > this.capacity) this.docs.delete(this.docs.keys().next().value as string);
  }

  /** A transaction wrote or removed `key`; call the returned function once that transaction has committed. */
  written(key: string): () => void {
    this.docs.delete(key);
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    return () => {
      const left = (this.pending.get(key) ?? 1) - 1;
      if (left > 0) this.pending.set(key, left);
      else this.pending.delete(key);
    };
  }

  /** A transaction removed many documents at once (a dropped collection). */
  cleared(): () => void {
    this.docs.clear();
    this.clearing++;
    return () => {
      this.clearing--;
    };
  }
}
