/** Error codes of the acknowledgement envelope (PROTOCOL.md section 2). */
export const ERROR_CODES = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'payload_too_large',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AckError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

/** `details` of a `rate_limited` answer from a limit with a window (sign-in, customer tokens, new conversations). */
export interface RateLimitedDetails {
  /** Seconds until the same request may succeed; REST sends the same number as the `Retry-After` header. */
  retryAfterSeconds: number;
}

/**
 * Why a socket.io handshake was refused, beside `code` in the connect_error's `data` (PROTOCOL sections 13
 * and 14): `too_many_sockets` (`rate_limited`: the user already holds LIMITS.maxSocketsPerUser sockets on that
 * node), `default_namespace` (`forbidden`: only `/customer` and `/agent` take connections).
 */
export const HANDSHAKE_REASONS = ['too_many_sockets', 'default_namespace'] as const;
export type HandshakeReason = (typeof HANDSHAKE_REASONS)[number];

/** The `data` of a refused handshake's connect_error; its `message` is `code`. */
export interface HandshakeRefusal {
  code: ErrorCode;
  reason?: HandshakeReason;
}
