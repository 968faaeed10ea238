import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { closeWithin } from '../common/bounded-close';
import type { AppConfig } from '../config/app-config';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** The counters of every abuse limit (a ThrottlerStorage: @nestjs/throttler's in-memory one, or Redis). */
export const LIMIT_STORAGE = Symbol('LIMIT_STORAGE');

const WARN_EVERY_MS = 60_000;

/**
 * REDIS_URL set: the counters live in Redis (@nest-lab/throttler-storage-redis), so a limit holds across every
 * gateway node. While Redis cannot answer, this node's memory counts instead (logged once a minute): the limits
 * get per-node for that time rather than failing every sign-in or dropping the limits altogether.
 */
export class RedisLimitStorage implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AbuseLimits');
  private readonly redis: Redis;
  private readonly shared: ThrottlerStorageRedisService;
  private readonly local = new ThrottlerStorageService();
  private lastWarning = 0;

  constructor(url: string) {
    // No offline queue: while disconnected a command fails at once and the local counters take over.
    this.redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined); // it reconnects by itself; failed commands are logged below
    this.shared = new ThrottlerStorageRedisService(this.redis);
  }

  async onModuleInit(): Promise<void> {
    await this.redis.connect();
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, name: string): Promise<ThrottlerStorageRecord> {
    try {
      return await this.shared.increment(key, ttl, limit, blockDuration, name);
    } catch (error) {
      if (Date.now() - this.lastWarning > WARN_EVERY_MS) {
        this.lastWarning = Date.now();
        this.logger.warn({ message: 'Redis unavailable: abuse limits count on this node only for now', error: String(error) });
      }
      return this.local.increment(key, ttl, limit, blockDuration, name);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.local.onApplicationShutdown();
    await closeWithin(() => this.redis.quit(), () => this.redis.disconnect());
  }
}

export function createLimitStorage(config: Pick<AppConfig, 'redisUrl'>): ThrottlerStorage {
  return config.redisUrl ? new RedisLimitStorage(config.redisUrl) : new ThrottlerStorageService();
}
