import {
  RULES,
  type ArtificialType,
  type ConversationAction,
  type ConversationChange,
  type CustomerInfo,
  type Rating,
  type SenderType,
  type WebhookEvent,
} from '@switchboard/protocol';
import { Types } from 'mongoose';
import type { ConversationRecord } from './schemas/conversation.schema';

/** What a conversation event tells an integration: the conversation as the change left it (docs/webhooks.md). */
export interface ConversationWebhookData {
  conversation: {
    id: string;
    number: number;
    artificialType: ArtificialType;
    customer: CustomerInfo & { email: string | null };
    agentId: string | null;
    createdAt: string;
    closedAt: string | null;
    closedBy: SenderType | null;
    rating: Rating | null;
    labels: string[];
  };
  /** Before the change; null for conversation.created. */
  previous: { artificialType: ArtificialType; agentId: string | null } | null;
  /** Who did it: a user's id, or null when the gateway did it by itself (timeouts, absent agents). */
  actorId: string | null;
}

/**
 * A conversation event not yet handed to the webhooks relay, written on the conversation document in the same
 * update as the change it reports (the store has no multi-document transactions): a crash cannot keep one without
 * the other. The relay copies it to webhook_deliveries (idempotently, by `id`) and then pulls it.
 */
export interface WebhookOutboxEntry {
  id: string;
  event: WebhookEvent;
  at: Date;
  data: ConversationWebhookData;
}

/** Which transitions an integration hears about, and as what; the others (offers, proposals) have no event. */
const EVENT_OF_ACTION: Partial<Record<ConversationAction, WebhookEvent>> = {
  grab: 'conversation.assigned',
  assign: 'conversation.assigned',
  auto_assign: 'conversation.assigned',
  accept_transfer: 'conversation.transferred',
  transfer_to_queue: 'conversation.transferred',
  transfer_to_team: 'conversation.transferred',
  agent_absent: 'conversation.transferred',
  rate: 'conversation.rated',
};

export function webhookEventOf(action: ConversationAction): WebhookEvent | null {
  const named = EVENT_OF_ACTION[action];
  if (named) return named;
  return RULES[action].to === 'closed' && !RULES[action].from.includes('closed')
    ? 'conversation.closed'
    : null;
}

/** What an event's conversation needs (a new one's record has not all the defaults yet). */
type OutboxSource = Pick<
  ConversationRecord,
  '_id' | 'number' | 'artificialType' | 'customer' | 'customerId' | 'createdAt'
> &
  Partial<ConversationRecord>;

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);

function entry(
  event: WebhookEvent,
  at: Date,
  c: OutboxSource,
  data: Omit<ConversationWebhookData, 'conversation'>,
) {
  return {
    id: new Types.ObjectId().toHexString(),
    event,
    at,
    data: {
      conversation: {
        id: c._id,
        number: c.number,
        artificialType: c.artificialType,
        customer: {
          id: c.customer.id,
          name: c.customer.name,
          type: c.customer.type ?? null,
          email: c.customer.email ?? null,
        },
        agentId: c.agentId ?? null,
        createdAt: iso(c.createdAt) as string,
        closedAt: iso(c.closedAt),
        closedBy: c.closedBy ?? null,
        rating: c.rating ?? null,
        labels: [...(c.labels ?? [])],
      },
      ...data,
    },
  } satisfies WebhookOutboxEntry;
}

/** conversation.created, for the new conversation's own insert. */
export function createdEntry(record: OutboxSource): WebhookOutboxEntry {
  return entry('conversation.created', record.createdAt, record, {
    previous: null,
    actorId: record.customerId,
  });
}

/** The event of a transition (or none), for its compare-and-set: the conversation as `change` leaves it. */
export function transitionEntries(
  action: ConversationAction,
  before: ConversationRecord,
  change: ConversationChange,
  actorId: string | null,
  at: Date,
): WebhookOutboxEntry[] {
  const event = webhookEventOf(action);
  if (!event) return [];
  const { joins: _joins, clearAssigneeUnread: _clear, ...fields } = change;
  const after: ConversationRecord = { ...before, ...fields };
  return [
    entry(event, at, after, {
      previous: { artificialType: before.artificialType, agentId: before.agentId ?? null },
      actorId,
    }),
  ];
}
