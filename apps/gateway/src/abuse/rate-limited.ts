import type { RateLimitedDetails } from '@switchboard/protocol';
import { DomainError } from '../common/domain-error';

/** A `rate_limited` refusal that says when to come back: REST turns it into 429 + Retry-After, sockets into the ack. */
export function rateLimited(message: string, retryAfterSeconds: number): DomainError {
  const details: RateLimitedDetails = { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) };
  return new DomainError('rate_limited', message, details);
}

/** The Retry-After of a refusal made by `rateLimited`, or null. */
export function retryAfterOf(error: DomainError): number | null {
  if (error.code !== 'rate_limited' || typeof error.details !== 'object' || error.details === null) return null;
  const seconds = (error.details as Partial<RateLimitedDetails>).retryAfterSeconds;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? seconds : null;
}
