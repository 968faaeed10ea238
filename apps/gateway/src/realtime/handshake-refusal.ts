import type { ErrorCode, HandshakeReason, HandshakeRefusal } from '@switchboard/protocol';

/** A handshake refusal as the client sees it: connect_error with `message` = code and `data` { code, reason }. */
export function handshakeRefusal(code: ErrorCode, reason: HandshakeReason): Error & { data: HandshakeRefusal } {
  return Object.assign(new Error(code), { data: { code, reason } });
}
