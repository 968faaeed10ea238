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
  /**
   * Also listen on a Unix domain socket at this path (for a client in the same process or on the same machine: a
   * round trip costs about half the CPU of loopback TCP). Ignored when longer than the platform allows.
   */
  unixSocketPath?: string;
}

export interface EmbeddedMongo {
  readonly host: string;
  readonly port: number;
  /** `mongodb://host:port` — append a database name for mongoose. */
  readonly uri: string;
  /** `mongodb://<encoded socket path>` when listening on a Unix socket too, else null. */
  readonly unixSocketUri: string | null;
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
  const unixSocketPath = options.unixSocketPath && fitsUnixSocket(options.unixSocketPath) ? options.unixSocketPath : null;
  try {
    address = await server.listen(options.port ?? 27017, options.host ?? '127.0.0.1');
    if (unixSocketPath) await server.listenUnix(unixSocketPath);
  } catch (err) {
    await server.close();
    await storage.close();
    throw err;
  }
  const hostForUri = address.host.includes(':') ? `[${address.host}]` : address.host;
  const unixNote = unixSocketPath ? ` and ${unixSocketPath}` : '';
  log(`embedded mongo listening on ${hostForUri}:${address.port}${unixNote}, data in ${options.dbPath}`);
  let closing: Promise<void> | undefined;
  return {
    host: address.host,
    port: address.port,
    uri: `mongodb://${hostForUri}:${address.port}`,
    unixSocketUri: unixSocketPath ? `mongodb://${encodeURIComponent(unixSocketPath)}` : null,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        await storage.close();
      })()),
  };
}

/** sockaddr_un holds 108 bytes on Linux (104 on macOS), the terminating NUL included. */
function fitsUnixSocket(socketPath: string): boolean {
  return process.platform !== 'win32' && Buffer.byteLength(socketPath) < (process.platform === 'linux' ? 108 : 104);
}
