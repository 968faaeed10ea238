import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SERVER_EVENTS, type SessionRevokedReason } from '@switchboard/protocol';
import type { Subscription } from 'rxjs';
import type { Socket } from 'socket.io';
import { AccountCheckService, revocationOf } from '../auth/account-check.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainEventsService } from '../events/domain-events.service';
import { RealtimeEmitter } from './realtime-emitter.service';
import { rooms } from './rooms';
import { endSession, type SocketData } from './socket-auth';
import { SocketServerRegistry } from './socket-server.registry';

/** At most this many users' accounts are read per re-check; the next pass goes on where this one stopped. */
const RECHECK_BATCH = 1000;

/**
 * Ends the sessions of an account whose tokens were revoked. The node that made the change tells every node
 * (`session.revoked`, then `disconnectSockets` on the user's room, both carried by the Redis adapter). As a
 * backstop each node re-checks the accounts of its own connected sockets every `sessionRecheckMs`, so a change
 * made directly in the database, or on a node that died before telling the others, still ends them.
 */
@Injectable()
export class AccountSessionsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sessions');
  private subscription: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private cursor = 0;

  constructor(
    private readonly events: DomainEventsService,
    private readonly accounts: AccountCheckService,
    private readonly emitter: RealtimeEmitter,
    private readonly registry: SocketServerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.events.of('account.changed').subscribe(({ userId, revoked }) => {
      if (revoked) this.endSessionsOf(userId, revoked);
    });
    this.timer = setInterval(() => {
      this.running ??= this.recheck()
        .catch((error: unknown) => this.logger.warn({ message: 'session re-check failed', error: String(error) }))
        .finally(() => (this.running = null));
    }, this.config.sessionRecheckMs);
    this.timer.unref();
  }

  /** Every socket of the user, on every node. */
  endSessionsOf(userId: string, reason: SessionRevokedReason): void {
    const room = rooms.user(userId);
    this.emitter.send({ rooms: [room] }, SERVER_EVENTS.sessionRevoked, { reason });
    for (const namespace of this.registry.all()) namespace.in(room).disconnectSockets(true);
    this.logger.log({ message: 'sessions ended', userId, reason });
  }

  /** One pass over (a bounded slice of) the users connected to this node, read fresh from the database. */
  async recheck(): Promise<number> {
    const byUser = new Map<string, Socket[]>();
    for (const namespace of this.registry.all()) {
      for (const socket of namespace.sockets.values()) {
        const id = (socket.data as Partial<SocketData>).user?.id;
        if (!id) continue;
        const sockets = byUser.get(id);
        if (sockets) sockets.push(socket);
        else byUser.set(id, [socket]);
      }
    }
    const ids = [...byUser.keys()];
    if (this.cursor >= ids.length) this.cursor = 0;
    const slice = ids.slice(this.cursor, this.cursor + RECHECK_BATCH);
    this.cursor += RECHECK_BATCH;
    if (slice.length === 0) return 0;
    const states = await this.accounts.fresh(slice);
    let ended = 0;
    for (const id of slice) {
      const account = states.get(id) ?? null;
      for (const socket of byUser.get(id) ?? []) {
        const data = socket.data as SocketData;
        const reason = revocationOf({ role: data.user.role, ver: data.session.ver }, account);
        if (reason) {
          this.accounts.invalidate(id); // this node's REST agrees at once too
          endSession(socket, reason);
          ended++;
        } else if (account && account.name !== data.user.name) {
          data.user.name = account.name; // a renamed agent's next system messages carry the new name
        }
      }
    }
    if (ended > 0) this.logger.log({ message: 'stale sessions ended', sockets: ended });
    return ended;
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    if (this.timer) clearInterval(this.timer);
  }
}
