import type { Reason } from './reasons';

/**
 * Why an upload, a link or a signed download was refused: `reason` in the REST error body
 * (`{ statusCode, message, error, reason }`), so a client never guesses from the message.
 */
export const ATTACHMENT_REASONS = [
  /** 403: uploads are for someone in a live conversation (its customer, its assignee or transfer target). */
  'no_live_conversation',
  /** 413: the uploader's stored files would pass ATTACHMENT_QUOTA_BYTES. */
  'quota_exceeded',
  /** 413: the file passes ATTACHMENT_MAX_BYTES. */
  'file_too_large',
  /** 415: the file's type is not accepted, or an image's bytes are not that image. */
  'type_not_accepted',
  /** 403: a signed download URL whose signature does not match (altered, or for another attachment). */
  'link_invalid',
  /** 403: a signed download URL past its expiry. */
  'link_expired',
] as const satisfies readonly Reason[];

export type AttachmentReason = (typeof ATTACHMENT_REASONS)[number];

/** `POST /api/attachments/:id/link`: a URL that downloads one attachment without a header, until `expiresAt`. */
export interface AttachmentLink {
  /** `/api/attachments/:id/signed?expires=…&signature=…`, relative to the gateway (the SDK makes it absolute). */
  url: string;
  /** ISO-8601. */
  expiresAt: string;
}
