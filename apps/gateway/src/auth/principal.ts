import type { Role } from '@switchboard/protocol';

/** Who is calling, as proven by a verified token. */
export interface Principal {
  id: string;
  role: Role;
}

/** A connected socket's user (the principal plus what messages need). */
export interface SocketUser extends Principal {
  name: string;
}
