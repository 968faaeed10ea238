// Starts a store on a free port in a fresh temp directory for one spec file and cleans up after it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { EmbeddedMongo, EmbeddedMongoOptions, startEmbeddedMongo } from '../index';

export function tempDir(prefix = 'sb-store-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Harness {
  store: EmbeddedMongo;
  client: MongoClient;
  dir: string;
}

/** Registers beforeAll/afterAll that run a store plus a connected driver client. */
export function useStore(options: Partial<EmbeddedMongoOptions> = {}): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    const dir = tempDir();
    const store = await startEmbeddedMongo({ port: 0, dbPath: dir, ...options });
    const client = await MongoClient.connect(store.uri, { serverSelectionTimeoutMS: 5000 });
    h = { store, client, dir };
  });
  afterAll(async () => {
    if (!h) return;
    await h.client.close();
    await h.store.close();
    fs.rmSync(h.dir, { recursive: true, force: true });
  });
  return () => {
    if (!h) throw new Error('store not started');
    return h;
  };
}

/** Documents with any _id type (the driver's default typing assumes ObjectId). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- specs store arbitrary shapes
export type AnyDoc = any;
