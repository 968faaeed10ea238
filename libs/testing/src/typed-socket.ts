import type { Ack, AgentClientEvents, CustomerClientEvents, ServerPushEvents } from '@switchboard/protocol';
import type { Socket } from 'socket.io-client';
import { collectEvents, emitAck, nextEvent } from './clients';

type ClientEvents = AgentClientEvents | CustomerClientEvents;
/** The payload and the answer's `data` of `event`, read off the protocol's event maps. */
export type PayloadOf<M, E extends keyof M> = M[E] extends (payload: infer P, ...rest: never[]) => void
  ? P
  : never;
export type ResultOf<M, E extends keyof M> = M[E] extends (
  payload: never,
  ack?: (answer: Ack<infer R>) => void,
) => void
  ? R
  : never;
export type PushOf<E extends keyof ServerPushEvents> = Parameters<ServerPushEvents[E]>[0];

/**
 * A socket whose events, payloads and answers are typed by the protocol's maps (AgentClientEvents,
 * CustomerClientEvents, ServerPushEvents), so a test cannot send a payload the contract does not have.
 */
export interface TypedSocket<M extends ClientEvents> {
  socket: Socket;
  /** The acknowledgement envelope, ok or not. */
  ack<E extends keyof M & string>(
    event: E,
    payload: PayloadOf<M, E>,
    timeoutMs?: number,
  ): Promise<Ack<ResultOf<M, E>>>;
  /** The answer's `data`; throws with the code when it is not ok. */
  ok<E extends keyof M & string>(
    event: E,
    payload: PayloadOf<M, E>,
    timeoutMs?: number,
  ): Promise<ResultOf<M, E>>;
  next<E extends keyof ServerPushEvents & string>(
    event: E,
    predicate?: (payload: PushOf<E>) => boolean,
    timeoutMs?: number,
  ): Promise<PushOf<E>>;
  collect<E extends keyof ServerPushEvents & string>(event: E): { items: PushOf<E>[]; stop(): void };
}

function typed<M extends ClientEvents>(socket: Socket): TypedSocket<M> {
  return {
    socket,
    ack: (event, payload, timeoutMs) => emitAck(socket, event, payload, timeoutMs),
    ok: async (event, payload, timeoutMs) => {
      const answer = await emitAck<ResultOf<M, typeof event>>(socket, event, payload, timeoutMs);
      if (!answer.ok) throw new Error(`${event} → ${answer.error.code}: ${answer.error.message}`);
      return answer.data;
    },
    next: (event, predicate, timeoutMs) => nextEvent(socket, event, predicate, timeoutMs),
    collect: (event) => collectEvents(socket, event),
  };
}

export const typedAgent = (socket: Socket) => typed<AgentClientEvents>(socket);
export const typedCustomer = (socket: Socket) => typed<CustomerClientEvents>(socket);
