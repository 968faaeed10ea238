/**
 * Issue 16, slice "webhooks" (PROTOCOL section 11): the events an integration can subscribe to, what a delivery
 * carries and the supervisors' REST shapes. Browser-safe: names, types and limits; the validating class is in
 * ./dto/webhooks.dto.
 */

/** The events, in the order the console lists them. Private notes have no event: they never leave the staff. */
export const WEBHOOK_EVENTS = [
  'conversation.created',
  'conversation.assigned',
  'conversation.transferred',
  'conversation.closed',
  'conversation.rated',
  'message.created',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_HEADERS = {
  event: 'X-Switchboard-Event',
  delivery: 'X-Switchboard-Delivery',
  signature: 'X-Switchboard-Signature',
} as const;

export const WEBHOOK_LIMITS = {
  urlMaxLength: 2000,
  secretMinLength: 16,
  secretMaxLength: 200,
  /** How many webhooks the team may register. */
  setMax: 50,
  /** `GET /api/webhooks/:id/deliveries` answers the latest this many. */
  deliveriesShown: 100,
  /** A delivery is retried for this long after its event, then marked failed. */
  retryForMs: 24 * 3600 * 1000,
} as const;

/** A registered webhook as supervisors see it (the secret is never shown back). */
export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
}

/** `POST /api/webhooks` */
export interface CreateWebhookRequest {
  url: string;
  events: WebhookEvent[];
  /** The HMAC-SHA256 key of `X-Switchboard-Signature`. */
  secret: string;
}
/** `POST /api/webhooks` answers `{ webhook }`. */
export interface WebhookResponse {
  webhook: Webhook;
}
/** `GET /api/webhooks`: oldest first. */
export interface WebhookListResponse {
  webhooks: Webhook[];
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One entry of a webhook's delivery log. */
export interface WebhookDelivery {
  /** The body's `id` and `X-Switchboard-Delivery`. */
  id: string;
  event: WebhookEvent;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** When the event happened (the body's `createdAt`). */
  createdAt: string;
  lastAttemptAt: string | null;
  /** The next try, while pending. */
  nextAttemptAt: string | null;
  /** The HTTP status of the last answer, null when there was none (timeout, refused connection). */
  lastStatusCode: number | null;
  lastError: string | null;
  /** How long the last attempt took, in milliseconds. */
  responseTimeMs: number | null;
}
/** `GET /api/webhooks/:id/deliveries`: the latest WEBHOOK_LIMITS.deliveriesShown, newest first. */
export interface WebhookDeliveriesResponse {
  deliveries: WebhookDelivery[];
}

/** The body of every delivery (`data` depends on the event: docs/webhooks.md). */
export interface WebhookBody<D = Record<string, unknown>> {
  id: string;
  event: WebhookEvent;
  createdAt: string;
  data: D;
}
