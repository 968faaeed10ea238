import type { Role } from '@switchboard/protocol';
import type { Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import type { AuthService } from '../auth/auth.service';
import type { SocketUser } from '../auth/principal';

export interface SocketData {
  user: SocketUser;
}

/** The refusal every client sees: connect_error with message 'unauthorized' and data { code: 'unauthorized' }. */
export function unauthorized(): Error & { data: { code: 'unauthorized' } } {
  return Object.assign(new Error('unauthorized'), { data: { code: 'unauthorized' as const } });
}

/**
 * Namespace middleware: checks `handshake.auth.token` with the same service as the REST guard, then lets
 * `prepare` join the socket to its rooms before the connection opens (so no event slips past it).
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
      .then(async (user) => {
        if (!user) return next(unauthorized());
        (socket.data as SocketData).user = user;
        await prepare(socket, user);
        next();
      })
      .catch((error: unknown) => {
        logger.error({ message: 'handshake failed', error: String(error) });
        next(Object.assign(new Error('internal'), { data: { code: 'internal' } }));
      });
  });
}
