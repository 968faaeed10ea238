import type { ConversationFilter } from './conversations.repository';
import type { ConversationRecord } from './schemas/conversation.schema';

/**
 * Issue 17: the moments the reports measure (docs/reports.md), each written by the very update that makes it happen
 * (a transition's compare-and-set, a message's recording), so a report reads conversations and never their messages.
 * They are absent until they happen, never null.
 */
export type ReportMoments = Partial<
  Pick<
    ConversationRecord,
    | 'firstAssignedAt'
    | 'firstAgentId'
    | 'lastAgentId'
    | 'firstCustomerMessageAt'
    | 'firstResponseAt'
    | 'firstResponderId'
  >
>;

/**
 * A transition that gives the conversation an assignee (grab, accepted transfer, a supervisor's assign, automatic
 * assignment): the latest assignee always, the first assignment once (assignedAt stays on a return to the queue).
 * `before` is what the compare-and-set expects, so no other assignment can come between.
 */
export function assignmentMoments(
  before: Pick<ConversationRecord, 'agentId' | 'firstAssignedAt' | 'assignedAt'>,
  agentId: string | null | undefined,
  now: Date,
): ReportMoments {
  if (!agentId || agentId === before.agentId) return {};
  // assignedAt without firstAssignedAt: assigned before these moments were recorded, so this is not the first time.
  const first = !before.firstAssignedAt && !before.assignedAt;
  return first
    ? { lastAgentId: agentId, firstAssignedAt: now, firstAgentId: agentId }
    : { lastAgentId: agentId };
}

export interface MessageFacts {
  senderType: 'customer' | 'agent' | 'system';
  senderId: string;
  at: Date;
}

/**
 * What recording a message sets, given the conversation at lastSeq = seq - 1 (the recording's own condition: only
 * recordings change these fields, and each moves lastSeq, so that read is exact): the customer's first message, and
 * the first agent message after it. System messages count for neither.
 */
export function messageMoments(
  before: Pick<ConversationRecord, 'firstCustomerMessageAt' | 'firstResponseAt'>,
  message: MessageFacts,
): ReportMoments {
  if (message.senderType === 'customer' && !before.firstCustomerMessageAt)
    return { firstCustomerMessageAt: message.at };
  if (message.senderType === 'agent' && before.firstCustomerMessageAt && !before.firstResponseAt) {
    return { firstResponseAt: message.at, firstResponderId: message.senderId };
  }
  return {};
}

/**
 * When the conversation at lastSeq = seq - 1 is not at hand: a customer's message still sets its first one with
 * `$min` (absent: set; present: kept), and an agent's recording only applies while it has no first response to
 * write (otherwise it matches nothing, and the appender reads the conversation and records it again, knowing).
 */
export function blindMessageMoments(message: MessageFacts): {
  min?: ReportMoments;
  filter?: ConversationFilter;
} {
  if (message.senderType === 'customer') return { min: { firstCustomerMessageAt: message.at } };
  if (message.senderType === 'agent') {
    return {
      filter: {
        $or: [{ firstResponseAt: { $exists: true } }, { firstCustomerMessageAt: { $exists: false } }],
      },
    };
  }
  return {};
}
