import { SERVER_EVENTS, type Role, type SessionRevokedEvent, type SessionRevokedReason } from '@switchboard/protocol';
import type { Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import type { AuthService } from '../auth/auth.service';
import type { SocketUser } from '../auth/principal';

export interface SocketData {
  user: SocketUser;
  /** The token's account version and expiry (seconds since the epoch), checked again while the socket is open. */
  session: { ver: number; exp: number };
}

/** The refusal every client sees: connect_error with message 'unauthorized' and data { code: 'unauthorized' }. */
export function unauthorized(): Error & { data: { code: 'unauthorized' } } {
  return Object.assign(new Error('unauthorized'), { data: { code: 'unauthorized' as const } });
}

/** Tells the client why, then closes the connection: its token is no longer accepted, so it must not just retry. */
export function endSession(socket: Socket, reason: SessionRevokedReason): void {
  const payload: SessionRevokedEvent = { reason };
  socket.emit(SERVER_EVENTS.sessionRevoked, payload);
  socket.disconnect(true);
}

// setTimeout fires at once past 2^31-1 ms (~24.8 days); customer tokens live 30 days, so long waits are chained.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Closes the socket when its token expires (a timer per socket, cleared when it disconnects). */
export function closeAtExpiry(socket: Socket): void {
  const { session } = socket.data as Partial<SocketData>;
  if (!session) return;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = session.exp * 1000 - Date.now();
    if (left <= 0) return endSession(socket, 'expired');
    timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
    timer.unref();
  };
  socket.once('disconnect', () => clearTimeout(timer));
  arm();
}

/**
 * Namespace middleware: checks `handshake.auth.token` with the same service as the REST guard, then lets
 * `prepare` join the socket to its rooms before the connection opens (so no event slips past it). Once open, the
 * socket is closed at its token's expiry.
 */
export function guardNamespace(
  namespace: Namespace,
  auth: AuthService,
  roles: readonly Role[],
  prepare: (socket: Socket, user: SocketUser) => Promise<void>,
  logger: Logger,
): void {
  namespace.use((socket: Socket, next: (err?: Error) => void): void => {
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    auth
      .authenticateSocket(token, roles)
      .then(async (admitted) => {
        if (!admitted) return next(unauthorized());
        const data = socket.data as SocketData;
        data.user = admitted.user;
        data.session = { ver: admitted.ver, exp: admitted.exp };
        await prepare(socket, admitted.user);
        next();
      })
      .catch((error: unknown) => {
        logger.error({ message: 'handshake failed', error: String(error) });
        next(Object.assign(new Error('internal'), { data: { code: 'internal' } }));
      });
  });
  // Armed on connection, not in the middleware: a handshake whose client left meanwhile never connects.
  namespace.on('connection', closeAtExpiry);
}
