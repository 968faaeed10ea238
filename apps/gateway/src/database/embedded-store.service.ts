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
    this.store = await startEmbeddedMongo({ port: 0, host: '127.0.0.1', dbPath });
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
  }
}
