import { Inject, Injectable } from '@nestjs/common';
import type { ServerPushEvents } from '@switchboard/protocol';
import type { Namespace } from 'socket.io';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { SocketServerRegistry } from './socket-server.registry';

export interface Audience {
  rooms: string[];
  /** Sockets in any of these rooms are skipped (e.g. the typist's own tabs). */
  except?: string[];
}

type PayloadOf<E extends keyof ServerPushEvents> = Parameters<ServerPushEvents[E]>[0];

/**
 * The one place that emits to clients. Rooms exist per namespace, so each emit goes to both; a socket in
 * several of the rooms receives it once. With REDIS_URL the adapter carries it to the other gateways.
 */
@Injectable()
export class RealtimeEmitter {
  constructor(
    private readonly registry: SocketServerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  send<E extends keyof ServerPushEvents>(audience: Audience, event: E, payload: PayloadOf<E>): void {
    this.emit(audience, event, payload, (namespace) => namespace);
  }

  /**
   * Like `send`, on the agent namespace only: for what no customer may ever receive (private notes), whatever the
   * rooms hold. A customer's sockets live on /customer, so they cannot be reached from here.
   */
  sendToStaff<E extends keyof ServerPushEvents>(audience: Audience, event: E, payload: PayloadOf<E>): void {
    this.emit(audience, event, payload, (namespace) => namespace, [this.registry.agent]);
  }

  /** Like `send`, to the sockets connected to this node only (nothing goes through the adapter). */
  sendLocal<E extends keyof ServerPushEvents>(audience: Audience, event: E, payload: PayloadOf<E>): void {
    this.emit(audience, event, payload, (namespace) => namespace.local);
  }

  /** Whether a socket connected to this node is in `room`. */
  hasLocal(room: string): boolean {
    return this.registry.all().some((namespace) => namespace.adapter.rooms.has(room));
  }

  /** A hint for the other gateway nodes (with REDIS_URL; nothing to do for a lone gateway). */
  tellOtherNodes(event: string, payload: object): void {
    if (this.config.redisUrl) this.registry.customer?.serverSideEmit(event, payload);
  }

  /** Listens to `tellOtherNodes` from the other nodes. */
  onOtherNodes(event: string, handler: (payload: unknown) => void): void {
    (this.registry.customer as unknown as NodeJS.EventEmitter | null)?.on(event, handler);
  }

  private emit<E extends keyof ServerPushEvents>(
    audience: Audience,
    event: E,
    payload: PayloadOf<E>,
    scope: (namespace: Namespace) => Pick<Namespace, 'to'>,
    namespaces: Array<Namespace | null> = this.registry.all(),
  ): void {
    const targets = [...new Set(audience.rooms)];
    if (targets.length === 0) return;
    for (const namespace of namespaces) {
      if (!namespace) continue;
      let operator = scope(namespace).to(targets);
      if (audience.except?.length) operator = operator.except(audience.except);
      operator.emit(event, payload);
    }
  }

  /** Puts every socket of `userRoom` (on any gateway) into `room`, or takes them out. */
  join(userRoom: string, room: string): void {
    for (const namespace of this.registry.all()) namespace.in(userRoom).socketsJoin(room);
  }

  leave(userRoom: string, room: string): void {
    for (const namespace of this.registry.all()) namespace.in(userRoom).socketsLeave(room);
  }
}
