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

/**
 * Registers beforeAll/afterAll that run a store plus a connected driver client (`withClient: false`: no client, for
 * a store the plain URI cannot use, e.g. one that requires authentication).
 */
export function useStore(options: Partial<EmbeddedMongoOptions> & { withClient?: boolean } = {}): () => Harness {
  let h: Harness | undefined;
  beforeAll(async () => {
    const dir = tempDir();
    const { withClient = true, ...storeOptions } = options;
    const store = await startEmbeddedMongo({ port: 0, dbPath: dir, ...storeOptions });
    const client = withClient ? await MongoClient.connect(store.uri, { serverSelectionTimeoutMS: 5000 }) : new MongoClient(store.uri);
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
