// Databases and collections. Their metadata (ids, options, index specs) lives in the store's `catalog` database and
// is held in memory as well; every change is written in the current write transaction.
import { BSON, Binary } from 'bson';
import type { LmdbStore } from '../storage/lmdb-store';
import { CatalogPort, Collection, CollectionMeta, ID_INDEX } from './collection';
import { MongoServerError } from './errors';
import { Doc } from './values';

const META_KEY = 'meta';
const DESERIALIZE: BSON.DeserializeOptions = { promoteLongs: true, promoteValues: true, promoteBuffers: false };
const collectionKey = (db: string, name: string) => `ns:${JSON.stringify([db, name])}`;

export class Catalog implements CatalogPort {
  private readonly dbs = new Map<string, Map<string, Collection>>();
  private nextId = 1;

  constructor(private readonly store: LmdbStore) {
    const meta = store.catalog.get(META_KEY);
    if (meta) this.nextId = Number(BSON.deserialize(meta).nextId);
    for (const { key, value } of store.catalog.getRange({ start: 'ns:', end: 'ns;' })) {
      if (typeof key !== 'string') continue;
      const m = BSON.deserialize(value, DESERIALIZE) as CollectionMeta;
      this.attach(new Collection(m, store, this));
    }
  }

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

  create(db: string, name: string, options: Doc, uuid: Binary = Collection.newUuid()): Collection {
    validateName(db, name);
    if (this.get(db, name)) throw new MongoServerError(48, `Collection ${db}.${name} already exists.`);
    const id = this.allocateId();
    const meta: CollectionMeta = { id, db, name, uuid, options, indexes: [{ id: this.allocateId(), spec: ID_INDEX }] };
    const coll = new Collection(meta, this.store, this);
    this.attach(coll);
    this.save(coll);
    return coll;
  }

  drop(db: string, name: string): boolean {
    const coll = this.get(db, name);
    if (!coll) return false;
    coll.clear();
    this.dbs.get(db)?.delete(name);
    this.store.catalog.removeSync(collectionKey(db, name));
    return true;
  }

  dropDatabase(db: string): void {
    for (const coll of this.collections(db)) this.drop(db, coll.name);
    this.dbs.delete(db);
  }

  /** A fresh id for a collection or an index (their key prefixes in LMDB). */
  allocateId(): number {
    this.store.assertWriting();
    const id = this.nextId++;
    this.store.catalog.putSync(META_KEY, BSON.serialize({ nextId: this.nextId }));
    return id;
  }

  save(coll: Collection): void {
    this.store.assertWriting();
    this.store.catalog.putSync(collectionKey(coll.db, coll.name), BSON.serialize(coll.meta));
  }

  private attach(coll: Collection): void {
    let colls = this.dbs.get(coll.db);
    if (!colls) this.dbs.set(coll.db, (colls = new Map()));
    colls.set(coll.name, coll);
  }
}

function validateName(db: string, name: string): void {
  if (!db || /[/\\. "$]/.test(db)) throw new MongoServerError(73, `Invalid database name: '${db}'`);
  if (!name || name.includes('$') || name.startsWith('.')) {
    throw new MongoServerError(73, `Invalid collection name: ${name}`);
  }
}
