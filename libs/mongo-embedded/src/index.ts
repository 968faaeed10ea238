// Public API of the embedded MongoDB-compatible store. The gateway, scripts/db.mjs and tests use only this.
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
}

export interface EmbeddedMongo {
  readonly host: string;
  readonly port: number;
  /** `mongodb://host:port` — append a database name for mongoose. */
  readonly uri: string;
  /** Stops accepting connections, flushes the journal and releases the lock. */
  close(): Promise<void>;
}

export declare function startEmbeddedMongo(options: EmbeddedMongoOptions): Promise<EmbeddedMongo>;
