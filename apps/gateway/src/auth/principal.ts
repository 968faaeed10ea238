import type { Role } from '@switchboard/protocol';

/** Who is calling, as proven by a verified token. */
export interface Principal {
  id: string;
  role: Role;
  /** Set when the caller proved itself with an API token (issue 16) rather than a signed-in session. */
  apiTokenId?: string;
}

/** What a token carries: the principal, the account's token version when it was issued, and its expiry. */
export interface TokenClaims extends Principal {
  /** The account's `tokenVersion` at sign-in; the token stops working once the account's version moves on. */
  ver: number;
  /** Issued at and expires at, seconds since the epoch. */
  iat: number;
  exp: number;
}

/** A connected socket's user (the principal plus what messages need). */
export interface SocketUser extends Principal {
  name: string;
}
