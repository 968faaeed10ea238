import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { LIMITS } from '@switchboard/protocol';
import { createClient } from 'redis';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import { ClientAddressResolver } from '../abuse/client-address';
import type { AppConfig } from '../config/app-config';
import { closeWithin } from '../common/bounded-close';
import type { OriginPolicy } from '../common/origin-policy';
import { handshakeRefusal } from './handshake-refusal';

type RedisClient = ReturnType<typeof createClient>;

/**
 * A connection that has joined no namespace this long after it opened is closed (socket.io's connectTimeout,
 * 45 s by default): a refused handshake, or a client that never asks for a namespace, holds nothing open.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * socket.io with the protocol's limits (64 KiB frames, the default namespace closed, idle handshakes cut), the
 * origin allow-list, and, when REDIS_URL is set, the Redis streams adapter so that an emit on one gateway reaches
 * sockets on every other.
 */
export class RealtimeIoAdapter extends IoAdapter {
  private redis: RedisClient | null = null;

  constructor(
    private readonly app: INestApplicationContext,
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
      connectTimeout: CONNECT_TIMEOUT_MS,
      allowRequest: (req, callback) => callback(null, this.originPolicy.allowsRequest(req.headers)),
      cors: {
        origin: (origin, callback) => callback(null, origin === undefined || this.originPolicy.allowsOrigin(origin) ? origin ?? true : false),
        credentials: false,
      },
    } as ServerOptions) as Server;
    if (this.redis) server.adapter(createAdapter(this.redis));
    // Only /customer and /agent serve clients; socket.io's main namespace would accept anyone.
    server.of('/').use((_socket, next) => next(handshakeRefusal('forbidden', 'default_namespace')));
    // Nothing reads the first HTTP request after the handshake (only handshake.auth is used): dropping it saves
    // memory per idle socket, as socket.io's memory-usage guide advises. Before that, the client's address as
    // TRUST_PROXY decides (X-Forwarded-For) replaces the peer's, so `socket.handshake.address` is the client.
    const addresses = this.app.get(ClientAddressResolver);
    server.engine.on('connection', (raw: { request: IncomingMessage | null; remoteAddress: string }) => {
      if (raw.request) raw.remoteAddress = addresses.resolve(raw.remoteAddress, raw.request.headers);
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
    const redis = this.redis;
    if (redis?.isOpen) await closeWithin(() => redis.close(), () => redis.destroy());
  }
}
