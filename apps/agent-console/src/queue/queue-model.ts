import { QUEUED_STATES, type Conversation } from '@switchboard/protocol';

export function isQueued(c: Conversation): boolean {
  return QUEUED_STATES.includes(c.artificialType);
}

/** The queue's order, as `queue.list` gives it: transferred ones first, then oldest first within each. */
export function compareQueue(a: Conversation, b: Conversation): number {
  const rank = (c: Conversation) => (c.artificialType === 'transferring' ? 0 : 1);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  return Date.parse(a.queuedAt ?? a.createdAt) - Date.parse(b.queuedAt ?? b.createdAt);
}

/** Applies `queue.updated` (or one `conversation.updated`) to the queue: added rows replace older copies. */
export function applyQueueUpdate(
  queue: Conversation[],
  added: Conversation[] = [],
  removed: string[] = [],
): Conversation[] {
  const gone = new Set([...removed, ...added.map((c) => c.id)]);
  const next = queue.filter((c) => !gone.has(c.id));
  next.push(...added.filter(isQueued));
  return next.sort(compareQueue);
}
