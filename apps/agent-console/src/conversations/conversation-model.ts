import type { Conversation, Message } from '@switchboard/protocol';

export function lastActivity(c: Conversation): number {
  return Date.parse(c.lastMessage?.at ?? c.assignedAt ?? c.createdAt);
}

/** "My conversations": the ones assigned to me and not closed, newest activity first. */
export function myConversations(all: Record<string, Conversation>, me: string): Conversation[] {
  return Object.values(all)
    .filter((c) => c.agentId === me && c.artificialType !== 'closed')
    .sort((a, b) => lastActivity(b) - lastActivity(a));
}

export function isOfferFor(c: Conversation, me: string): boolean {
  return c.artificialType === 'transfer_initiated' && c.transfer?.toAgentId === me;
}

/** Merges messages by seq (no duplicates, ascending); the common case, one newer message, is a cheap append. */
export function mergeMessages(existing: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return existing;
  const last = existing[existing.length - 1];
  if (incoming.length === 1 && (!last || incoming[0].seq > last.seq)) return [...existing, incoming[0]];
  const bySeq = new Map<number, Message>();
  for (const m of existing) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Updates the cached conversation for a message that just arrived (the gateway does not resend it). */
export function withMessage(c: Conversation, m: Message): Conversation {
  if (m.seq <= c.lastSeq && c.lastMessage) return c;
  const preview = m.text ?? m.attachment?.name ?? '';
  return {
    ...c,
    lastSeq: Math.max(c.lastSeq, m.seq),
    lastMessage: { seq: m.seq, preview: preview.slice(0, 140), senderType: m.sender.type, at: m.createdAt },
  };
}

export const STATE_LABELS: Record<Conversation['artificialType'], string> = {
  open: 'Waiting',
  serving: 'Serving',
  transfer_initiated: 'Transfer offered',
  transferring: 'Transferred',
  close_initiated: 'Closing',
  closed: 'Closed',
};
