// Public API of the embedded MongoDB-compatible store. The gateway, scripts/db.mjs and tests use only this.
import { Catalog } from './engine/catalog';
import { Storage } from './storage/storage';
import { WireServer } from './wire/server';

export interface EmbeddedMongoOptions {
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Data directory (journal, snapshot, lock file). Created when missing. */
  dbPath: string;
  /** fsync the journal before acknowledging writes; default true. */
  fsync?: boolean;
  /** Where to log one-line messages; default silent. */
  log?: (line: string) => void;
  /** Journal size in bytes that triggers compaction into a snapshot; default 64 MiB. */
  compactAfterBytes?: number;
}

export interface EmbeddedMongo {
  readonly host: string;
  readonly port: number;
  /** `mongodb://host:port` — append a database name for mongoose. */
  readonly uri: string;
  /** Stops accepting connections, flushes the journal and releases the lock. */
  close(): Promise<void>;
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const log = options.log ?? (() => undefined);
  const catalog = new Catalog();
  const storage = await Storage.open(catalog, {
    dir: options.dbPath,
    fsync: options.fsync !== false,
    compactAfterBytes: options.compactAfterBytes ?? 64 * 1024 * 1024,
    log,
  });
  const server = new WireServer(catalog, storage, log);
  let address: { port: number; host: string };
  try {
    address = await server.listen(options.port ?? 27017, options.host ?? '127.0.0.1');
  } catch (err) {
    await storage.close();
    throw err;
  }
  const hostForUri = address.host.includes(':') ? `[${address.host}]` : address.host;
  log(`embedded mongo listening on ${hostForUri}:${address.port}, data in ${options.dbPath}`);
  let closing: Promise<void> | undefined;
  return {
    host: address.host,
    port: address.port,
    uri: `mongodb://${hostForUri}:${address.port}`,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await storage.close();
      })()),
  };
}
