import type { Message } from '@switchboard/protocol';

/**
 * PROTOCOL section 8 for screens: whether the reader may still recall a message of theirs, and when the next of
 * their Recall buttons goes away (so a screen re-renders then, without a reload). The gateway's window is the rule;
 * `recallableUntil` is how long it lasts for each message.
 */
export function mayRecall(message: Message, own: boolean, now: number = Date.now()): boolean {
  return own && !message.recalledAt && message.recallableUntil !== null && Date.parse(message.recallableUntil) > now;
}

/** Milliseconds until the earliest Recall among `messages` goes away, or null when none is showing. */
export function nextRecallExpiry(messages: Message[], isOwn: (message: Message) => boolean, now: number = Date.now()): number | null {
  let earliest: number | null = null;
  for (const message of messages) {
    if (!mayRecall(message, isOwn(message), now)) continue;
    const left = Date.parse(message.recallableUntil as string) - now;
    if (earliest === null || left < earliest) earliest = left;
  }
  return earliest;
}

/**
 * Calls `then` once the earliest Recall among `messages` goes away (nothing when none is showing); returns the
 * cancel function. A screen re-renders in it, so the button disappears on time without a reload.
 */
export function whenRecallEnds(messages: Message[], isOwn: (message: Message) => boolean, then: () => void): () => void {
  const wait = nextRecallExpiry(messages, isOwn);
  if (wait === null) return () => undefined;
  const timer = setTimeout(then, wait + 20);
  return () => clearTimeout(timer);
}
