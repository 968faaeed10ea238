import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getConnectionToken } from '@nestjs/mongoose';
import { startEmbeddedMongo, type EmbeddedMongo } from '@switchboard/mongo-embedded';
import type { Connection } from 'mongoose';
import path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const DATABASE_NAME = 'switchboard';

/** Starts the embedded store in-process when MONGODB_URI is unset, and closes it after mongoose on shutdown. */
@Injectable()
export class EmbeddedStoreService implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private store: EmbeddedMongo | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  async resolveUri(): Promise<string> {
    if (this.config.mongodbUri) return this.config.mongodbUri;
    const dbPath = path.join(this.config.dataDir, 'db');
    // Mongoose reaches the in-process store over a Unix socket (a round trip costs about half the CPU of loopback
    // TCP); the TCP port stays for tools. A data directory whose path is too long for a socket falls back to TCP.
    this.store = await startEmbeddedMongo({ port: 0, host: '127.0.0.1', dbPath, unixSocketPath: path.join(dbPath, 'store.sock') });
    const uri = this.store.unixSocketUri ?? this.store.uri;
    this.logger.log({ message: 'embedded store started', dbPath, uri });
    return `${uri}/${DATABASE_NAME}`;
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
  }
}
