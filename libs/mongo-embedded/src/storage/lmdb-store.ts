// The store's data on disk: one LMDB environment (`<dbPath>/store.mdb`, a memory-mapped copy-on-write B+tree) with
// three databases: `catalog` (collections and their index specs, by namespace), `docs` (BSON documents keyed by
// collection id + record id) and `entries` (index entries keyed by index id + encoded key + record id, in byte order).
// Writes happen only inside `write`: each call is one callback in lmdb-js's asynchronous transaction batch, so the
// commands arriving while a commit is under way share the next commit (group commit), and its promise resolves once
// that commit has been flushed to disk.
import fs from 'node:fs';
import path from 'node:path';
import { type Database, type RootDatabase, open } from 'lmdb';
import type { Doc } from '../engine/values';
import { DocumentCache } from './document-cache';
import { acquireLock } from './lock-file';
import { openPrivateSync, preparePrivateDir } from './private-files';

export const STORE_FILE = 'store.mdb';
/** LMDB's own reader/writer lock table, next to the data file. */
export const STORE_LOCK_FILE = `${STORE_FILE}-lock`;

export interface LmdbStoreOptions {
  dir: string;
  /** Sync every commit to disk before its writes are acknowledged (false: tests and benchmarks only). */
  fsync: boolean;
  log: (line: string) => void;
}

/** Documents' worth of writes one batch of lmdb-js callbacks may hold before later commands wait for the next. */
export const BATCH_WEIGHT = 256;

interface QueuedWrite<T> {
  work: () => T;
  weight: number;
  resolve: (result: T) => void;
  reject: (err: unknown) => void;
}

export class LmdbStore {
  /** Decoded documents by `docs` key (see DocumentCache): reads go through `readDoc`, writes through `putDoc`. */
  private readonly documents = new DocumentCache();
  private writing = false;
  /** Commands handed to lmdb-js whose callbacks have not run yet, in documents; and those waiting for room. */
  private queuedWeight = 0;
  private readonly waiting: QueuedWrite<unknown>[] = [];
  private releaseScheduled = false;
  private hooks: (() => void)[] = [];
  private failure: unknown;

  private constructor(
    readonly env: RootDatabase<Uint8Array, string>,
    readonly catalog: Database<Uint8Array, string>,
    readonly docs: Database<Uint8Array, Buffer>,
    readonly entries: Database<Uint8Array, Buffer>,
    readonly file: string,
    private readonly unlock: () => void,
  ) {}

  static open(opts: LmdbStoreOptions): LmdbStore {
    preparePrivateDir(opts.dir);
    const unlock = acquireLock(opts.dir);
    try {
      const file = path.join(opts.dir, STORE_FILE);
      // Created here first so both files are 0600 whatever the umask (LMDB would create them with 0644).
      for (const name of [STORE_FILE, STORE_LOCK_FILE])
        fs.closeSync(openPrivateSync(path.join(opts.dir, name), 'a'));
      const env = open<Uint8Array, string>({
        path: file,
        encoding: 'binary',
        maxDbs: 4,
        noSync: !opts.fsync,
        // Each commit syncs under the writer lock, so its promise resolves once the commit is durable. lmdb-js's
        // alternative (overlappingSync: sync after releasing the lock, a second promise for the flush) measured 2.5×
        // slower for sequential acknowledged writes and 1.5× for 32 writers on these machines (docs/benchmarks.md).
        overlappingSync: false,
        // Only this process writes; other processes never open the file (the lock file above makes sure).
        maxReaders: 1024,
      });
      const catalog = env.openDB<Uint8Array, string>({ name: 'catalog', encoding: 'binary' });
      const docs = env.openDB<Uint8Array, Buffer>({
        name: 'docs',
        encoding: 'binary',
        keyEncoding: 'binary',
      });
      const entries = env.openDB<Uint8Array, Buffer>({
        name: 'entries',
        encoding: 'binary',
        keyEncoding: 'binary',
      });
      return new LmdbStore(env, catalog, docs, entries, file, unlock);
    } catch (err) {
      unlock();
      throw err;
    }
  }

  /**
   * Runs `work` in the next write transaction and resolves with its result once that transaction is committed
   * (and synced). `work` runs synchronously: commands never interleave, and what it reads includes its own writes.
   * `weight` is the number of documents it writes (about): lmdb-js runs every callback of a batch back to back on the
   * event loop, so once a batch holds BATCH_WEIGHT documents' worth, later commands wait for the next batch (in
   * order) and readers are answered in between, instead of all waiting behind one long batch.
   */
  write<T>(work: () => T, weight = 1): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, weight, resolve, reject } as QueuedWrite<unknown>);
      this.release();
    });
  }

  /** Hands waiting commands to lmdb-js, in order, while the batch being filled has room. */
  private release(): void {
    while (this.waiting.length > 0) {
      const next = this.waiting[0];
      if (this.queuedWeight > 0 && this.queuedWeight + next.weight > BATCH_WEIGHT) return;
      this.waiting.shift();
      this.submit(next);
    }
  }

  private submit<T>(queued: QueuedWrite<T>): void {
    if (this.failure) {
      queued.reject(this.failure);
      return;
    }
    this.queuedWeight += queued.weight;
    let hooks: (() => void)[] = [];
    const committed = this.env.transaction(() => {
      this.queuedWeight -= queued.weight;
      // The rest go to lmdb-js after this batch's callbacks (a write queued inside one would nest in it).
      if (this.waiting.length > 0 && !this.releaseScheduled) {
        this.releaseScheduled = true;
        setImmediate(() => {
          this.releaseScheduled = false;
          this.release();
        });
      }
      this.writing = true;
      this.hooks = hooks;
      try {
        return queued.work();
      } finally {
        this.writing = false;
        hooks = this.hooks;
        this.hooks = [];
      }
    });
    committed.then(
      (result) => {
        for (const hook of hooks) hook();
        queued.resolve(result);
      },
      (err: unknown) => {
        this.failure = err;
        queued.reject(err);
      },
    );
  }

  /** Writes outside `write` would commit on their own, unsynchronised with the reply: a programming error. */
  assertWriting(): void {
    if (!this.writing) throw new Error('store write outside a write transaction');
  }

  /** Runs `hook` once the current write transaction has committed (for state readers may only see then). */
  afterCommit(hook: () => void): void {
    this.assertWriting();
    this.hooks.push(hook);
  }

  /**
   * The document under `key` in `docs`, decoded by `decode` from `value` (or from a fresh read when no value is
   * given) unless a committed copy is cached.
   */
  readDoc(key: Buffer, decode: (value: Uint8Array) => Doc, value?: Uint8Array): Doc | undefined {
    const tag = key.toString('latin1');
    const cached = this.documents.get(tag);
    if (cached) return cached;
    const bytes = value ?? this.docs.getBinary(key);
    if (!bytes) return undefined;
    const doc = decode(bytes);
    this.documents.remember(tag, doc);
    return doc;
  }

  /**
   * `pick` of the committed bytes under `key`, whether or not a decoded copy is cached (a reply that sends bytes would
   * have to encode that copy again). The bytes are LMDB's shared read buffer, good until the next read.
   */
  readBytes<T>(key: Buffer, pick: (value: Uint8Array) => T): T | undefined {
    const bytes = this.docs.getBinaryFast(key);
    return bytes ? pick(bytes) : undefined;
  }

  /**
   * The document under `key` as cached, else `pick` of its committed bytes, which is not cached (a part of a document
   * must never be taken for the whole, and a long walk should not push the often-read documents out). The bytes are
   * LMDB's shared read buffer, good until the next read (no copy of each whole document): `pick` copies what it keeps.
   */
  readPart<T>(key: Buffer, pick: (value: Uint8Array) => T): Doc | T | undefined {
    const cached = this.documents.get(key.toString('latin1'));
    if (cached) return cached;
    const bytes = this.docs.getBinaryFast(key);
    return bytes ? pick(bytes) : undefined;
  }

  /** Writes (or with `bytes` undefined, removes) a document in the current write transaction. */
  putDoc(key: Buffer, bytes: Uint8Array | undefined): void {
    this.assertWriting();
    this.afterCommit(this.documents.written(key.toString('latin1')));
    if (bytes) this.docs.putSync(key, bytes);
    else this.docs.removeSync(key);
  }

  /** Removes every document of a key range (a dropped collection) in the current write transaction. */
  removeDocs(range: { start: Buffer; end: Buffer }): void {
    this.assertWriting();
    this.afterCommit(this.documents.cleared());
    for (const key of this.docs.getKeys(range)) this.docs.removeSync(key);
  }

  /** Bytes of the data file and of the map LMDB reserves for it (reported by the benchmark). */
  sizes(): { fileBytes: number; mapBytes: number } {
    const stats = this.env.getStats() as { mapSize?: number };
    return { fileBytes: fs.statSync(this.file).size, mapBytes: stats.mapSize ?? 0 };
  }

  async close(): Promise<void> {
    try {
      await this.env.close();
    } finally {
      this.unlock();
    }
  }
}
