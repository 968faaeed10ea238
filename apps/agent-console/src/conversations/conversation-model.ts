import { messagePreview, type Conversation, type Message } from '@switchboard/protocol';

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

/** Updates the cached conversation for a message that just arrived (the gateway does not resend it). */
export function withMessage(c: Conversation, m: Message): Conversation {
  if (m.seq <= c.lastSeq && c.lastMessage) return c;
  return { ...c, lastSeq: Math.max(c.lastSeq, m.seq), lastMessage: messagePreview(m) };
}

export const STATE_LABELS: Record<Conversation['artificialType'], string> = {
  open: 'Waiting',
  serving: 'Serving',
  transfer_initiated: 'Transfer offered',
  transferring: 'Transferred',
  close_initiated: 'Closing',
  closed: 'Closed',
};
