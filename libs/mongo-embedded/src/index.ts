// Public API of the embedded MongoDB-compatible store. The gateway, scripts/db.mjs and tests use only this.
import net from 'node:net';
import { type Credentials, ScramAuthority } from './auth/scram';
import { Catalog } from './engine/catalog';
import { convertLegacyData } from './storage/legacy-conversion';
import { LmdbStore } from './storage/lmdb-store';
import { DEFAULT_WIRE_LIMITS, WireServer, type WireLimits, type WireStats } from './wire/server';

export { AUTH_DATABASE, DEFAULT_ITERATIONS } from './auth/scram';
export { DEFAULT_WIRE_LIMITS, type WireLimits, type WireStats } from './wire/server';

export interface EmbeddedMongoOptions {
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. Anything but a loopback address requires `auth`. */
  host?: string;
  /** Listen on TCP at `host`:`port`; default true. False: only on `unixSocketPath` (which is then required). */
  tcp?: boolean;
  /** Data directory (`store.mdb`, its LMDB lock, the lock file). Created when missing; kept 0700, its files 0600. */
  dbPath: string;
  /** Sync each commit to disk before acknowledging its writes; default true. */
  fsync?: boolean;
  /** Where to log one-line messages; default silent. */
  log?: (line: string) => void;
  /**
   * Also listen on a Unix domain socket at this path (for a client in the same process or on the same machine: a
   * round trip costs about half the CPU of loopback TCP). Its directory must be 0700 and this user's. With TCP on, a
   * path longer than the platform allows is ignored; with `tcp: false` it is an error.
   */
  unixSocketPath?: string;
  /** Require SCRAM-SHA-256 as this user (defined on `admin`) before any command but the handshake. */
  auth?: Credentials;
  /** Caps on connections and on messages being received; defaults in DEFAULT_WIRE_LIMITS. */
  limits?: Partial<WireLimits>;
}

export interface EmbeddedMongo {
  /** TCP address, null without TCP. */
  readonly host: string | null;
  readonly port: number | null;
  /** `mongodb://host:port`, or the Unix socket's URI without TCP — append a database name for mongoose. */
  readonly uri: string;
  /** `mongodb://<encoded socket path>` when listening on a Unix socket, else null. */
  readonly unixSocketUri: string | null;
  /** Everything it listens on: `host:port` and socket paths. */
  readonly addresses: readonly string[];
  /** Connection and buffering figures, for tests and monitoring. */
  stats(): WireStats;
  /** Stops accepting connections, waits for the last commit, closes the store and releases the lock. */
  close(): Promise<void>;
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<EmbeddedMongo> {
  const log = options.log ?? (() => undefined);
  const tcp = options.tcp !== false;
  const host = options.host ?? '127.0.0.1';
  if (!tcp && !options.unixSocketPath) throw new Error('tcp: false needs a unixSocketPath');
  if (!tcp && !unixSocketPathFits(options.unixSocketPath ?? '')) {
    throw new Error(`Unix socket path ${options.unixSocketPath} is too long for this platform: choose a shorter one`);
  }
  if (tcp && !isLoopback(host) && !options.auth) {
    throw new Error(`refusing to listen on ${host} without authentication: anyone who reaches it could read and change every document (set auth)`);
  }
  const authority = options.auth ? new ScramAuthority(options.auth) : null;
  const limits = { ...DEFAULT_WIRE_LIMITS, ...options.limits };
  const storage = LmdbStore.open({ dir: options.dbPath, fsync: options.fsync !== false, log });
  let catalog: Catalog;
  try {
    await convertLegacyData(options.dbPath, storage, () => new Catalog(storage), log);
    catalog = new Catalog(storage);
  } catch (err) {
    await storage.close();
    throw err;
  }
  let server: WireServer | null = null;
  let address: { port: number; host: string } | null = null;
  const unixSocketPath = options.unixSocketPath && unixSocketPathFits(options.unixSocketPath) ? options.unixSocketPath : null;
  try {
    server = new WireServer(catalog, storage, log, limits, authority);
    if (tcp) address = await server.listen(options.port ?? 27017, host);
    if (unixSocketPath) await server.listenUnix(unixSocketPath);
  } catch (err) {
    await server?.close();
    await storage.close();
    throw err;
  }
  const wire = server;
  const hostForUri = address && (address.host.includes(':') ? `[${address.host}]` : address.host);
  const addresses = [...(address ? [`${hostForUri}:${address.port}`] : []), ...(unixSocketPath ? [unixSocketPath] : [])];
  const unixSocketUri = unixSocketPath ? `mongodb://${encodeURIComponent(unixSocketPath)}` : null;
  log(`embedded mongo listening on ${addresses.join(' and ')}${authority ? ' (authentication required)' : ''}, data in ${options.dbPath}`);
  let closing: Promise<void> | undefined;
  return {
    host: address?.host ?? null,
    port: address?.port ?? null,
    uri: address ? `mongodb://${hostForUri}:${address.port}` : (unixSocketUri as string),
    unixSocketUri,
    addresses,
    stats: () => wire.stats(),
    close: () =>
      (closing ??= (async () => {
        await wire.close();
        await storage.close();
      })()),
  };
}

/** sockaddr_un holds 108 bytes on Linux (104 on macOS), the terminating NUL included. */
export function unixSocketPathFits(socketPath: string): boolean {
  return process.platform !== 'win32' && Buffer.byteLength(socketPath) < (process.platform === 'linux' ? 108 : 104);
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`; any other name or address may be reachable from elsewhere. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  const v4 = bare.startsWith('::ffff:') ? bare.slice(7) : bare;
  if (net.isIPv4(v4)) return v4.split('.')[0] === '127';
  return net.isIPv6(bare) && /^(0*:)*:?0*1$/.test(bare);
}
