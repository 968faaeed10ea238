// All databases and collections held in memory. Metadata changes go through the journal sink like
// document writes, and `apply` replays the same records at start-up.
import { Binary } from 'bson';
import { IndexSpec } from './collection-index';
import { Collection, JournalRecord, JournalSink } from './collection';
import { MongoServerError } from './errors';
import { Doc } from './values';

export class Catalog {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  /** Swapped by the storage layer; a no-op while replaying or when running without a journal. */
  sink: JournalSink = () => undefined;

  private readonly forward: JournalSink = (record) => this.sink(record);

  databaseNames(): string[] {
    return [...this.dbs.keys()].filter((name) => (this.dbs.get(name)?.size ?? 0) > 0);
  }

  collections(db: string): Collection[] {
    return [...(this.dbs.get(db)?.values() ?? [])];
  }

  get(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created implicitly (as inserts and upserts do) when missing. */
  ensure(db: string, name: string): Collection {
    return this.writable(db, name) ?? this.create(db, name, {});
  }

  /** The collection for a write that does not create one (delete); views refuse writes. */
  writable(db: string, name: string): Collection | undefined {
    const existing = this.get(db, name);
    if (existing?.isView) throw new MongoServerError(166, `Namespace ${db}.${name} is a view, not a collection`);
    return existing;
  }

  create(db: string, name: string, options: Doc, uuid: Binary = Collection.newUuid(), journal = true): Collection {
    validateName(db, name);
    if (this.get(db, name)) throw new MongoServerError(48, `Collection ${db}.${name} already exists.`);
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const coll = new Collection(db, name, uuid, options, this.forward);
    colls.set(name, coll);
    if (journal) this.sink({ o: 'c', db, c: name, options, uuid });
    return coll;
  }

  drop(db: string, name: string, journal = true): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.delete(name)) return false;
    if (journal) this.sink({ o: 'd', db, c: name });
    return true;
  }

  dropDatabase(db: string, journal = true): void {
    if (!this.dbs.delete(db)) return;
    if (journal) this.sink({ o: 'D', db });
  }

  /** Applies one journal or snapshot record without journaling it again. */
  apply(rec: JournalRecord): void {
    const db = rec.db as string;
    const c = rec.c as string;
    switch (rec.o) {
      case 'c':
        if (!this.get(db, c)) this.create(db, c, (rec.options as Doc) ?? {}, rec.uuid as Binary, false);
        return;
      case 'd':
        this.drop(db, c, false);
        return;
      case 'D':
        this.dropDatabase(db, false);
        return;
      case 'i':
        this.ensureQuiet(db, c).createIndex(rec.spec as IndexSpec, false);
        return;
      case 'x':
        this.get(db, c)?.dropIndex(rec.name as string, false);
        return;
      case 'p':
        this.ensureQuiet(db, c).restore(rec.doc as Doc);
        return;
      case 'r':
        this.get(db, c)?.restoreRemove(rec.id);
        return;
      default:
        return; // headers and unknown record kinds carry no state
    }
  }

  /** The whole state as records, in an order `apply` can rebuild it from. */
  *records(): Generator<JournalRecord> {
    for (const [db, colls] of this.dbs) {
      for (const coll of colls.values()) {
        yield { o: 'c', db, c: coll.name, options: coll.options, uuid: coll.uuid };
        for (const index of coll.indexes.values()) yield { o: 'i', db, c: coll.name, spec: index.spec };
        for (const doc of coll.docs.values()) yield { o: 'p', db, c: coll.name, doc };
      }
    }
  }

  private ensureQuiet(db: string, c: string): Collection {
    return this.get(db, c) ?? this.create(db, c, {}, undefined, false);
  }
}

function validateName(db: string, name: string): void {
  if (!db || /[/\\. "$]/.test(db)) throw new MongoServerError(73, `Invalid database name: '${db}'`);
  if (!name || name.includes('$') || name.startsWith('.')) {
    throw new MongoServerError(73, `Invalid collection name: ${name}`);
  }
}
