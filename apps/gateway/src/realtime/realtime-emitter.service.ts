import { Injectable } from '@nestjs/common';
import type { ServerPushEvents } from '@switchboard/protocol';
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
  constructor(private readonly registry: SocketServerRegistry) {}

  send<E extends keyof ServerPushEvents>(audience: Audience, event: E, payload: PayloadOf<E>): void {
    const targets = [...new Set(audience.rooms)];
    if (targets.length === 0) return;
    for (const namespace of this.registry.all()) {
      let operator = namespace.to(targets);
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
