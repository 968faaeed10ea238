import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LIMITS } from '@switchboard/protocol';
import type { Socket } from 'socket.io';
import { handshakeRefusal } from './handshake-refusal';
import { TokenBucket } from './rate-limiter';
import type { SocketData } from './socket-auth';

const SWEEP_INTERVAL_MS = 10_000;

/** What one user may spend on this node: socket slots, and one event bucket all their sockets draw from. */
interface Budget {
  sockets: number;
  bucket: TokenBucket;
}

/**
 * Per-user limits on this gateway node (PROTOCOL section 13): one rate bucket across all of a user's sockets (so
 * more tabs buy no more events) and at most LIMITS.maxSocketsPerUser sockets. Per node: behind nginx's ip_hash
 * the sockets of one address land on one node. A user's entry outlives their last socket until its bucket has
 * refilled, so reconnecting does not reset it.
 */
@Injectable()
export class UserBudgets implements OnApplicationShutdown {
  private readonly budgets = new Map<string, Budget>();
  /** Sockets admitted per engine.io connection (a client may multiplex namespaces over one). */
  private readonly joined = new WeakMap<object, number>();
  private readonly sweeper: NodeJS.Timeout;

  constructor() {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** The bucket every socket of `userId` on this node draws from. */
  bucket(userId: string): TokenBucket {
    return this.budget(userId).bucket;
  }

  /** Sockets `userId` holds on this node. */
  sockets(userId: string): number {
    return this.budgets.get(userId)?.sockets ?? 0;
  }

  /**
   * Namespace middleware, after authentication: takes one of the user's socket slots until the socket goes away,
   * or refuses the handshake with `rate_limited` / `too_many_sockets` when all are taken.
   */
  readonly middleware = (socket: Socket, next: (err?: Error) => void): void => {
    const { user } = socket.data as Partial<SocketData>;
    // socket.io drops a handshake whose connection closed while it was being authenticated: no slot for it.
    if (!user || socket.conn.readyState !== 'open') return next();
    if (!this.admit(socket, user.id)) return next(handshakeRefusal('rate_limited', 'too_many_sockets'));
    next();
  };

  private admit(socket: Socket, userId: string): boolean {
    const budget = this.budget(userId);
    if (budget.sockets >= LIMITS.maxSocketsPerUser) return false;
    budget.sockets += 1;
    const conn = socket.conn;
    this.joined.set(conn, (this.joined.get(conn) ?? 0) + 1);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      budget.sockets -= 1;
      const left = (this.joined.get(conn) ?? 1) - 1;
      this.joined.set(conn, left);
      conn.off('close', release);
      // A connection whose last namespace was left holds nothing the protocol needs: close it rather than let it
      // idle past the connect timeout, which only covers connections that never joined.
      if (left === 0 && conn.readyState === 'open') conn.close();
    };
    socket.once('disconnect', release);
    // A socket that never finishes connecting gets no 'disconnect'; its connection's close still frees the slot.
    conn.once('close', release);
    return true;
  }

  private budget(userId: string): Budget {
    let budget = this.budgets.get(userId);
    if (!budget) {
      budget = { sockets: 0, bucket: new TokenBucket(LIMITS.rateLimitPerSecond, LIMITS.rateLimitBurst) };
      this.budgets.set(userId, budget);
    }
    return budget;
  }

  private sweep(): void {
    for (const [userId, budget] of this.budgets) {
      if (budget.sockets === 0 && budget.bucket.full()) this.budgets.delete(userId);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }
}
