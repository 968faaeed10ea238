/**
 * Web Push subscriptions (docs/agent-console.md, "Push notifications"): the console may store the browser's
 * PushSubscription so that a deployment with `web-push` and VAPID keys can reach a phone whose page is gone.
 * The gateway stores them; it sends nothing by itself.
 */
export const PUSH_SUBSCRIPTION_LIMITS = {
  endpointMaxLength: 2048,
  /** base64url of a P-256 public key (65 bytes: 87 characters), with room for padding. */
  p256dhMaxLength: 100,
  /** base64url of the 16-byte auth secret (22 characters), with room. */
  authMaxLength: 44,
  /** How many subscriptions (browsers, devices) one person keeps; the oldest goes first. */
  perUser: 10,
} as const;

/** `POST /api/push-subscriptions`: exactly what `PushSubscription.toJSON()` gives in the browser. */
export interface PushSubscriptionRequest {
  endpoint: string;
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
}

/** One stored subscription as its owner sees it (the keys are never sent back). */
export interface PushSubscriptionSummary {
  id: string;
  endpoint: string;
  expirationTime: string | null;
  createdAt: string;
}

/** The answer of `POST /api/push-subscriptions`. */
export interface PushSubscriptionAnswer {
  pushSubscription: PushSubscriptionSummary;
}

/** `GET /api/push-subscriptions`: the caller's, newest first. */
export interface PushSubscriptionList {
  pushSubscriptions: PushSubscriptionSummary[];
}
