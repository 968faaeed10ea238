import type { Message } from '@switchboard/protocol';
import type { PendingMessage } from './outbox';

/**
 * Merges stored messages by seq into an ascending list, each seq once. One rule for every screen: the
 * server's copy that arrived last wins a clash (history, live delivery and sync overlap, and the newest copy
 * is the truest). Returns `current` itself when nothing changed, so stores can compare by reference.
 */
export function mergeBySeq(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current;
  const last = current[current.length - 1];
  // The common case, one newer message, is a cheap append.
  if (incoming.length === 1 && (!last || incoming[0].seq > last.seq)) return [...current, incoming[0]];
  const bySeq = new Map<number, Message>();
  for (const message of current) bySeq.set(message.seq, message);
  let changed = false;
  for (const message of incoming) {
    if (bySeq.get(message.seq) === message) continue;
    bySeq.set(message.seq, message);
    changed = true;
  }
  return changed ? [...bySeq.values()].sort((a, b) => a.seq - b.seq) : current;
}

/**
 * What is still on its way: the local copies the server has not stored yet. A stored message with the same
 * clientMsgId replaces its local copy (the server's copy wins).
 */
export function unsentOnly(pending: PendingMessage[], stored: Message[]): PendingMessage[] {
  if (pending.length === 0) return pending;
  const storedIds = new Set(stored.map((message) => message.clientMsgId).filter(Boolean));
  const unsent = pending.filter((entry) => !storedIds.has(entry.clientMsgId));
  return unsent.length === pending.length ? pending : unsent;
}

/**
 * The highest seq up to which the list has no hole, counted from its oldest message: where a catch-up
 * (`messages.sync`) must start so that nothing after it is missed.
 */
export function contiguousSeq(messages: Message[]): number {
  if (messages.length === 0) return 0;
  let seq = messages[0].seq;
  for (let i = 1; i < messages.length && messages[i].seq === seq + 1; i++) seq = messages[i].seq;
  return seq;
}

/**
 * PROTOCOL section 8: a message changed in place (`message.updated`, e.g. recalled). It replaces the copy held
 * with its seq, keeping the order, and the quotes of a recalled message say so. A message not held is left to
 * history and sync (it arrives as it is now). Returns `current` itself when nothing changed.
 */
export function updateInPlace(current: Message[], updated: Message): Message[] {
  let changed = false;
  const next = current.map((message) => {
    if (message.seq === updated.seq) {
      if (message === updated) return message;
      changed = true;
      return updated;
    }
    if (updated.recalledAt && message.replyTo?.seq === updated.seq && !message.replyTo.recalled) {
      changed = true;
      return { ...message, replyTo: { ...message.replyTo, preview: '', recalled: true } };
    }
    return message;
  });
  return changed ? next : current;
}
