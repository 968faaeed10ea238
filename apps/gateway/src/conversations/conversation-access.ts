import { QUEUED_STATES } from '@switchboard/protocol';
import type { Principal } from '../auth/principal';
import type { ConversationRecord } from './schemas/conversation.schema';

/** Its customer and every supervisor may; other customers never; agents depend on the rule. */
function decide(who: Principal, c: ConversationRecord, agentRule: () => boolean): boolean {
  if (who.role === 'customer') return c.customerId === who.id;
  if (who.role === 'supervisor') return true;
  return agentRule();
}

const isOrWasAssignee = (who: Principal, c: ConversationRecord) => c.agentId === who.id || c.participants.includes(who.id);
/** Mentioned in a private note: a persisted read grant (see notes/). */
const wasMentioned = (who: Principal, c: ConversationRecord) => c.mentionedAgentIds?.includes(who.id) === true;

/** PROTOCOL section 1: any agent while queued, a present or past assignee, or the transfer target. */
export function maySeeConversation(who: Principal, c: ConversationRecord): boolean {
  return decide(
    who,
    c,
    () =>
      QUEUED_STATES.includes(c.artificialType) ||
      isOrWasAssignee(who, c) ||
      c.transfer?.toAgentId === who.id ||
      wasMentioned(who, c),
  );
}

/** PROTOCOL section 1: messages are for its customer, a present or past assignee, and supervisors (and, section 8, agents mentioned in a note). */
export function mayReadMessages(who: Principal, c: ConversationRecord): boolean {
  return decide(who, c, () => isOrWasAssignee(who, c) || wasMentioned(who, c));
}

/** Section 8: private notes are for staff who may read the conversation, and the transfer target; never a customer. */
export function mayReadNotes(who: Principal, c: ConversationRecord): boolean {
  if (who.role === 'customer') return false;
  return mayReadMessages(who, c) || c.transfer?.toAgentId === who.id;
}

/** Section 8: a note is written by the assignee, the transfer target, or a supervisor. */
export function mayWriteNotes(who: Principal, c: ConversationRecord): boolean {
  if (who.role === 'supervisor') return true;
  return who.role === 'agent' && (c.agentId === who.id || c.transfer?.toAgentId === who.id);
}

/**
 * Section 8, the customer's history: an agent who may read the messages of one of a customer's conversations may
 * read the messages of that customer's other conversations too (read-only: writing keeps its own rule). `theirs` is
 * the customer's conversations (the newest PROFILE_LIMITS.conversationsMax). Notes keep mayReadNotes.
 */
export function mayReadCustomerHistory(who: Principal, theirs: readonly ConversationRecord[]): boolean {
  return who.role === 'agent' && theirs.some((c) => mayReadMessages(who, c));
}

/** Section 8, the profile (`GET /api/customers/:id`): supervisors, and agents who may see one of the conversations. */
export function mayReadCustomerProfile(who: Principal, theirs: readonly ConversationRecord[]): boolean {
  if (who.role === 'supervisor') return true;
  return who.role === 'agent' && theirs.some((c) => maySeeConversation(who, c));
}
