import { reasonOf, type AckError, type ErrorCode, type Reason } from '@switchboard/protocol';

/** Codes the SDK adds to the protocol's own: the ack did not come back in time, or the network failed. */
export type ClientErrorCode = ErrorCode | 'timeout' | 'network';

export class SwitchboardError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly details?: unknown,
    readonly status?: number,
    /** Why it was refused, when the server said (PROTOCOL section 14): `taken`, `at_capacity`, `type_not_accepted`... */
    readonly reason: Reason | null = reasonOf(details),
  ) {
    super(message);
    this.name = 'SwitchboardError';
  }

  static fromAck(error: AckError): SwitchboardError {
    return new SwitchboardError(error.code, error.message, error.details);
  }
}

/** Errors after which sending the same message again may succeed. */
export function isRetryable(error: SwitchboardError): boolean {
  return (
    error.code === 'timeout' ||
    error.code === 'network' ||
    error.code === 'rate_limited' ||
    error.code === 'internal'
  );
}
