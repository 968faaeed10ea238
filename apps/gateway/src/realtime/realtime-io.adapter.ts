import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { LIMITS } from '@switchboard/protocol';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/app-config';
import type { OriginPolicy } from '../common/origin-policy';

type RedisClient = ReturnType<typeof createClient>;

/**
 * socket.io with the protocol's limits (64 KiB frames), the origin allow-list, and, when REDIS_URL is set,
 * the Redis streams adapter so that an emit on one gateway reaches sockets on every other.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private redis: RedisClient | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly originPolicy: OriginPolicy,
  ) {
    super(app);
  }

  async connectRedis(): Promise<void> {
    if (!this.config.redisUrl) return;
    this.redis = createClient({ url: this.config.redisUrl });
    this.redis.on('error', () => undefined); // reconnects on its own; errors surface as failed emits
    await this.redis.connect();
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      maxHttpBufferSize: LIMITS.maxFrameBytes,
      pingInterval: 20_000,
      pingTimeout: 20_000,
      allowRequest: (req, callback) => callback(null, this.originPolicy.allowsRequest(req.headers)),
      cors: {
        origin: (origin, callback) => callback(null, origin === undefined || this.originPolicy.allowsOrigin(origin) ? origin ?? true : false),
        credentials: false,
      },
    } as ServerOptions) as Server;
    if (this.redis) server.adapter(createAdapter(this.redis));
    // Nothing reads the first HTTP request after the handshake (only handshake.auth is used): dropping it saves
    // memory per idle socket, as socket.io's memory-usage guide advises.
    server.engine.on('connection', (raw: { request: unknown }) => {
      raw.request = null;
    });
    return server;
  }

  /**
   * The gateways declare no @SubscribeMessage handlers (SocketDispatcher binds one onAny per socket), yet Nest
   * would still build a disconnect observable chain for every socket: skip it when there is nothing to bind.
   */
  override bindMessageHandlers(...args: Parameters<IoAdapter['bindMessageHandlers']>): void {
    if (args[1].length > 0) super.bindMessageHandlers(...args);
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    if (this.redis?.isOpen) await this.redis.quit().catch(() => undefined);
  }
}
