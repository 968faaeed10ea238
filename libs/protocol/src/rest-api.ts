/**
 * Issue 16, the REST API for integrations (PROTOCOL section 11): conversation pages, sending, closing, transcripts,
 * a customer's export and erasure. Browser-safe types and limits; the validating classes are in ./dto/rest-api.dto.
 */
import type { ApiTokenInfo } from './api-tokens';
import type { CustomerProfile } from './customer-profile';
import type { ArtificialType, Conversation, Message } from './entities';
import type { Note } from './notes';

export const REST_API_LIMITS = {
  pageDefault: 20,
  pageMax: 100,
} as const;

export const TRANSCRIPT_FORMATS = ['text', 'json'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

/** `GET /api/conversations?state=&label=&customerId=&teamId=&before=&limit=` */
export interface ConversationPageQuery {
  state?: ArtificialType;
  label?: string;
  customerId?: string;
  teamId?: string;
  /** The `next` of the previous page. */
  before?: string;
  limit?: number;
}

/** Newest first; `next` is the opaque cursor of the following page, null on the last one. */
export interface ConversationPage {
  conversations: Conversation[];
  next: string | null;
}

/** `POST /api/conversations/:id/messages`: sent as the caller, under message.send's rules, idempotent by clientMsgId. */
export interface PostMessageRequest {
  clientMsgId: string;
  text: string;
}

/**
 * `GET /api/conversations/:id/transcript?format=json`: every message, oldest first (recalled ones without their
 * content). `notes` only for staff who may read them (section 8); a customer's transcript never has the key.
 */
export interface TranscriptJson {
  conversation: Conversation;
  messages: Message[];
  notes?: Note[];
  generatedAt: string;
}

/** One conversation in a customer's export: everything stored about it, notes included. */
export interface ExportedConversation {
  conversation: Conversation;
  messages: Message[];
  /** Only with `?notes=true`. */
  notes?: Note[];
}

/** `GET /api/customers/:id/export` (supervisors): everything stored about a customer. */
export interface CustomerExport {
  customer: CustomerProfile & {
    /** The host site's id of a verified customer, or null. */
    userId: string | null;
    block: { reason: string; at: string; by: { id: string; name: string } } | null;
  };
  conversations: ExportedConversation[];
  /** Files the customer uploaded (metadata; the bytes are at `GET /api/attachments/:id`). */
  uploads: Array<{ id: string; name: string; mime: string; size: number; createdAt: string }>;
  exportedAt: string;
}

/** `DELETE /api/customers/:id`: what the erasure changed. */
export interface CustomerErasure {
  customerId: string;
  conversations: number;
  messages: number;
  attachments: number;
}

/** The name an erased customer is shown under (conversations are kept as anonymous statistics). */
export const ERASED_CUSTOMER_NAME = 'Erased customer';

export type { ApiTokenInfo };
