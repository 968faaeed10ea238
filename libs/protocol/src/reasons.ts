import type { ErrorCode } from './errors';

/**
 * PROTOCOL section 14: why a request was refused, as `error.details.reason` (socket acks) and `reason` beside
 * Nest's `{ statusCode, message, error }` (REST). Each reason belongs to one error code: this table is the only
 * place that says which, and with HTTP_STATUS_BY_CODE the only place a status comes from.
 */
export const REASON_CODES = {
  /** Someone else got there first (two grabs; a transfer answered by its timeout). */
  taken: 'conflict',
  /** Taking a conversation from the queue needs the status `online`. */
  not_online: 'conflict',
  /** The agent already serves `maxConcurrent` conversations. */
  at_capacity: 'conflict',
  /** Only the conversation's assignee (for a customer: its own customer) may do this. */
  not_assignee: 'forbidden',
  /** Only the agent a transfer is offered to may accept or decline it. */
  not_transfer_target: 'forbidden',
  /** The caller's role may not do this at all (a customer grabbing, an agent assigning). */
  wrong_role: 'forbidden',
  /** The conversation's state does not allow this (see conversation-rules.ts). */
  wrong_state: 'conflict',
  /** Section 9: the conversation is in the queue of a team the agent is not in (and one of its agents is online). */
  not_in_team: 'forbidden',
  blocked: 'forbidden',
  recall_window_passed: 'conflict',
  /** Section 8: only its sender may recall a message (system messages are nobody's). */
  not_sender: 'forbidden',
  identity_invalid: 'unauthorized',
  /** Uploads are for someone in a live conversation (its customer, its assignee or transfer target). */
  no_live_conversation: 'forbidden',
  /** The uploader's stored files would pass ATTACHMENT_QUOTA_BYTES. */
  quota_exceeded: 'payload_too_large',
  /** The file passes ATTACHMENT_MAX_BYTES. */
  file_too_large: 'payload_too_large',
  /** The file's type is not accepted (or an image's bytes are not that image): HTTP 415. */
  type_not_accepted: 'bad_request',
  /** A signed download URL whose signature does not match (altered, or for another attachment). */
  link_invalid: 'forbidden',
  /** A signed download URL past its expiry. */
  link_expired: 'forbidden',
  /** Reports (section 12): a from or to that is not an ISO date or instant, or a to not after from. */
  invalid_date: 'bad_request',
  /** Reports (section 12): a range over REPORT_LIMITS.maxDays calendar days. */
  range_too_long: 'bad_request',
} as const satisfies Record<string, ErrorCode>;

export type Reason = keyof typeof REASON_CODES;
export const REASONS = Object.keys(REASON_CODES) as Reason[];

/** `details` of a refusal with a known cause. */
export interface ReasonDetails {
  reason: Reason;
}

/** The HTTP status each code maps to when the same error surfaces over REST. */
export const HTTP_STATUS_BY_CODE: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  payload_too_large: 413,
  internal: 500,
};

/** Reasons whose REST answer is more precise than their code's status. */
const HTTP_STATUS_BY_REASON: Partial<Record<Reason, number>> = { type_not_accepted: 415 };

/** Nest's `error` words beside each status. */
const HTTP_STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && Object.hasOwn(REASON_CODES, value);
}

/** The reason inside an error's `details`, when it carries a known one. */
export function reasonOf(details: unknown): Reason | null {
  const reason =
    details && typeof details === 'object' ? (details as { reason?: unknown }).reason : undefined;
  return isReason(reason) ? reason : null;
}

export function httpStatusOf(code: ErrorCode, reason?: Reason | null): number {
  return (reason && HTTP_STATUS_BY_REASON[reason]) || HTTP_STATUS_BY_CODE[code];
}

export function httpStatusText(status: number): string {
  return HTTP_STATUS_TEXT[status] ?? 'Error';
}

/** The code an HTTP status stands for: the inverse of httpStatusOf (unknown 4xx are bad requests, 5xx internal). */
export function errorCodeOfStatus(status: number): ErrorCode {
  const reasonStatus = Object.entries(HTTP_STATUS_BY_REASON).find(([, s]) => s === status);
  if (reasonStatus) return REASON_CODES[reasonStatus[0] as Reason];
  const code = (Object.keys(HTTP_STATUS_BY_CODE) as ErrorCode[]).find(
    (c) => HTTP_STATUS_BY_CODE[c] === status,
  );
  return code ?? (status >= 500 ? 'internal' : 'bad_request');
}
