import type { ErrorCode, Reason } from '@switchboard/protocol';

/** A refusal the protocol names: mapped to an ack envelope or an HTTP status in one place each. */
export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const conflict = (message: string) => new DomainError('conflict', message);
/** A refusal with its typed reason (PROTOCOL section 14), as `details.reason`. */
export const refused = (code: ErrorCode, reason: Reason, message: string) =>
  new DomainError(code, message, { reason });
export const badRequest = (message: string, details?: unknown) =>
  new DomainError('bad_request', message, details);

/** MongoDB's duplicate-key error (E11000), as the driver reports it. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
