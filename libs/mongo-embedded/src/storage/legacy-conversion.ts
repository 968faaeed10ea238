// One-time conversion of a data directory written by the store's earlier engine (an append-only journal,
// `journal.bin`, on top of a snapshot, `snapshot.bin`; see record-file.ts) into LMDB: the snapshot and then the
// journal are replayed into the catalog in write transactions of bounded size, a marker is committed with the last
// one, and only then are the old files renamed to `*.pre-lmdb`. An interrupted conversion starts over from an empty
// store; a crash between the marker and the renames just finishes the renames.
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../engine/catalog';
import type { IndexSpec } from '../engine/collection-index';
import type { Doc } from '../engine/values';
import type { LmdbStore } from './lmdb-store';
import { JournalRecord, RECORD_HEADER, readRecord } from './record-file';

export const LEGACY_FILES = ['snapshot.bin', 'journal.bin'] as const;
export const CONVERTED_SUFFIX = '.pre-lmdb';
export const CONVERSION_MARKER = 'converted-from-journal';
/** Records per write transaction while converting: bounded memory for dirty pages, progress that survives. */
const RECORDS_PER_TRANSACTION = 20_000;
const READ_CHUNK = 16 * 1024 * 1024;

export function hasLegacyData(dir: string): boolean {
  return LEGACY_FILES.some((f) => fs.existsSync(path.join(dir, f)));
}

/** Converts when old files are present; returns how many records were replayed (0 when there was nothing). */
export async function convertLegacyData(dir: string, store: LmdbStore, makeCatalog: () => Catalog, log: (line: string) => void): Promise<number> {
  if (!hasLegacyData(dir)) return 0;
  if (!store.catalog.get(CONVERSION_MARKER)) {
    await store.write(() => {
      store.catalog.clearSync();
      store.docs.clearSync();
      store.entries.clearSync();
    });
    const catalog = makeCatalog();
    const started = Date.now();
    let batch: JournalRecord[] = [];
    let count = 0;
    let generation = -1;
    const flush = () => {
      const records = batch;
      batch = [];
      return store.write(() => {
        for (const r of records) apply(catalog, r);
      });
    };
    for (const file of LEGACY_FILES) {
      const full = path.join(dir, file);
      if (!fs.existsSync(full)) continue;
      let first = true;
      for (const record of readRecords(full)) {
        if (first) {
          first = false;
          // A journal older than the snapshot was left by a crash between the old engine's two renames.
          const gen = Number(record.gen);
          if (file === 'journal.bin' && generation >= 0 && gen !== generation) break;
          generation = gen;
          continue;
        }
        batch.push(record);
        count++;
        if (batch.length >= RECORDS_PER_TRANSACTION) await flush();
      }
    }
    await flush();
    await store.write(() => store.catalog.putSync(CONVERSION_MARKER, Buffer.from(String(Date.now()))));
    log(`converted ${count} journal and snapshot records into LMDB in ${Date.now() - started} ms`);
  }
  for (const file of LEGACY_FILES) {
    const full = path.join(dir, file);
    if (fs.existsSync(full)) fs.renameSync(full, full + CONVERTED_SUFFIX);
  }
  return 1;
}

/** Applies one record of the old format (what the old engine's replay did). */
function apply(catalog: Catalog, rec: JournalRecord): void {
  const db = rec.db as string;
  const c = rec.c as string;
  const ensure = () => catalog.get(db, c) ?? catalog.create(db, c, {});
  switch (rec.o) {
    case 'c':
      if (!catalog.get(db, c)) catalog.create(db, c, (rec.options as Doc) ?? {}, rec.uuid as never);
      return;
    case 'd':
      catalog.drop(db, c);
      return;
    case 'D':
      catalog.dropDatabase(db);
      return;
    case 'i': {
      const coll = ensure();
      if (!coll.indexes.has((rec.spec as IndexSpec).name)) coll.createIndex(rec.spec as IndexSpec, false);
      return;
    }
    case 'x':
      catalog.get(db, c)?.dropIndex(rec.name as string);
      return;
    case 'p':
      ensure().insert(rec.doc as Doc, false);
      return;
    case 'r':
      catalog.get(db, c)?.removeById(rec.id);
      return;
    default:
      return; // unknown record kinds carry no state
  }
}

/** The intact records of one file, read in chunks (a snapshot may be larger than one Buffer can hold). */
function* readRecords(file: string): Generator<JournalRecord> {
  const fd = fs.openSync(file, 'r');
  try {
    let buf = Buffer.alloc(0);
    let position = 0;
    let eof = false;
    for (;;) {
      let offset = 0;
      for (let r = readRecord(buf, offset); r; r = readRecord(buf, offset)) {
        yield r.record;
        offset = r.next;
      }
      if (eof) return; // a torn or zero tail: the rest was never acknowledged
      const rest = buf.subarray(offset);
      const need = rest.length >= RECORD_HEADER ? rest.readUInt32LE(0) + RECORD_HEADER : 0;
      const chunk = Buffer.allocUnsafe(Math.max(READ_CHUNK, need));
      const n = fs.readSync(fd, chunk, 0, chunk.length, position);
      position += n;
      if (n < chunk.length) eof = true;
      buf = Buffer.concat([rest, chunk.subarray(0, n)]);
    }
  } finally {
    fs.closeSync(fd);
  }
}
