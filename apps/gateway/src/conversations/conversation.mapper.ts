import type { Conversation } from '@switchboard/protocol';
import type { ConversationRecord } from './schemas/conversation.schema';

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);

/** The wire shape of PROTOCOL.md section 3. */
export function toConversation(record: ConversationRecord): Conversation {
  return {
    id: record._id,
    number: record.number,
    artificialType: record.artificialType,
    customer: {
      id: record.customer.id,
      name: record.customer.name,
      type: record.customer.type ?? null,
      email: record.customer.email ?? null,
    },
    agentId: record.agentId ?? null,
    transfer: record.transfer ?? null,
    lastSeq: record.lastSeq ?? 0,
    lastMessage: record.lastMessage ?? null,
    reads: { customer: record.reads?.customer ?? 0, agents: { ...(record.reads?.agents ?? {}) } },
    unread: { customer: record.unread?.customer ?? 0, agent: record.unread?.agent ?? 0 },
    createdAt: iso(record.createdAt) as string,
    queuedAt: iso(record.queuedAt),
    assignedAt: iso(record.assignedAt),
    closedAt: iso(record.closedAt),
    closedBy: record.closedBy ?? null,
    rating: record.rating ?? null,
    labels: [...(record.labels ?? [])],
    offline: record.offline === true,
    fields: { ...(record.fields ?? {}) },
    teamId: record.teamId ?? null,
  };
}
