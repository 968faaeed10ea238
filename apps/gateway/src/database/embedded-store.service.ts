import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import { startEmbeddedMongo, unixSocketPathFits, type EmbeddedMongo } from '@switchboard/mongo-embedded';
import type { Connection } from 'mongoose';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const DATABASE_NAME = 'switchboard';
const SOCKET_NAME = 'store.sock';

/** Starts the embedded store in-process when MONGODB_URI is unset, and closes it after mongoose on shutdown. */
@Injectable()
export class EmbeddedStoreService implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private store: EmbeddedMongo | null = null;
  /** A short private directory for the socket when the data directory's path is too long for one. */
  private socketDir: string | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  async resolveUri(): Promise<string> {
    if (this.config.mongodbUri) return this.config.mongodbUri;
    const dbPath = path.join(this.config.dataDir, 'db');
    // The in-process store has no TCP listener and no password: only a Unix socket in the data directory, which the
    // store keeps 0700, so nobody but this user reaches it (a local user used to read and write it over loopback TCP).
    // sockaddr_un holds about 107 bytes; a longer data directory path gets a private 0700 directory in tmp instead.
    let socketPath = path.join(dbPath, SOCKET_NAME);
    if (!unixSocketPathFits(socketPath)) {
      this.socketDir = mkdtempSync(path.join(tmpdir(), 'switchboard-store-'));
      socketPath = path.join(this.socketDir, SOCKET_NAME);
    }
    try {
      this.store = await startEmbeddedMongo({ tcp: false, dbPath, unixSocketPath: socketPath });
    } catch (error) {
      this.removeSocketDir();
      throw error;
    }
    this.logger.log({ message: 'embedded store started', dbPath, uri: this.store.uri });
    return `${this.store.uri}/${DATABASE_NAME}`;
  }

  async onApplicationShutdown(): Promise<void> {
    // Mongoose must let go of its sockets before the store stops, whatever order Nest runs hooks in.
    try {
      const connection = this.moduleRef.get<Connection>(getConnectionToken(), { strict: false });
      await connection.close();
    } catch (error) {
      this.logger.warn({ message: 'closing the mongoose connection failed', error: String(error) });
    }
    if (this.store) {
      await this.store.close();
      this.store = null;
      this.logger.log('embedded store closed');
    }
    this.removeSocketDir();
  }

  private removeSocketDir(): void {
    if (this.socketDir) rmSync(this.socketDir, { recursive: true, force: true });
    this.socketDir = null;
  }
}
