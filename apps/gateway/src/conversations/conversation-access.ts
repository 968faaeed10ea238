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

/** PROTOCOL section 1: any agent while queued, a present or past assignee, or the transfer target. */
export function maySeeConversation(who: Principal, c: ConversationRecord): boolean {
  return decide(
    who,
    c,
    () => QUEUED_STATES.includes(c.artificialType) || isOrWasAssignee(who, c) || c.transfer?.toAgentId === who.id,
  );
}

/** PROTOCOL section 1: messages are for its customer, a present or past assignee, and supervisors. */
export function mayReadMessages(who: Principal, c: ConversationRecord): boolean {
  return decide(who, c, () => isOrWasAssignee(who, c));
}
