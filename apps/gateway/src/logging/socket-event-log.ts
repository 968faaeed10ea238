import { randomUUID } from 'node:crypto';
import type { Ack } from '@switchboard/protocol';
import type { LogLevel, LoggerService } from '@nestjs/common';
import type { Socket } from 'socket.io';
import type { Principal } from '../auth/principal';

export interface SocketEventLine {
  level: Extract<LogLevel, 'debug' | 'log' | 'warn'>;
  entry: {
    message: 'socket event';
    reqId: string;
    namespace: string;
    socketId: string;
    event: string;
    userId: string;
    outcome: string;
    durationMs: number;
  };
}

/**
 * One line per handled socket event, with the request log's field names (reqId, userId, durationMs) plus the
 * namespace, event and outcome code (`ok` or the ack's error code). Successes at debug, so production logs are
 * not one line per chat message; refusals at info (bounded by the per-user rate limit, which answers before
 * any handler runs and is not logged here); `internal` at warn (its stack is logged at error beside it).
 * Payloads are never logged.
 */
export function socketEventLine(socket: Socket, user: Principal, event: string, answer: Ack<unknown>, seconds: number): SocketEventLine {
  const outcome = answer.ok ? 'ok' : answer.error.code;
  return {
    level: outcome === 'ok' ? 'debug' : outcome === 'internal' ? 'warn' : 'log',
    entry: {
      message: 'socket event',
      reqId: randomUUID(),
      namespace: socket.nsp.name,
      socketId: socket.id,
      event: event.slice(0, 64),
      userId: user.id,
      outcome,
      durationMs: Math.round(seconds * 10_000) / 10,
    },
  };
}

/** Writes `socketEventLine` through a Nest logger (the dispatcher's). */
export function logSocketEvent(
  logger: Pick<LoggerService, 'debug' | 'log' | 'warn'>,
  ...args: Parameters<typeof socketEventLine>
): void {
  const { level, entry } = socketEventLine(...args);
  logger[level]?.(entry);
}
