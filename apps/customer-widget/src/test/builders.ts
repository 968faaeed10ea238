import type { Conversation, Message } from '@switchboard/protocol';
import type { PendingMessage } from '@switchboard/client';

let ids = 0;

/** A stored message as the gateway sends it; override what the test cares about. */
export function aMessage(overrides: Partial<Message> & { seq: number }): Message {
  ids += 1;
  return {
    id: `m${ids}`,
    conversationId: 'c1',
    clientMsgId: null,
    sender: { id: 'customer-1', type: 'customer', name: 'Dana Scully' },
    kind: 'text',
    text: `message ${overrides.seq}`,
    attachment: null,
    createdAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

export const agent = { id: 'agent-1', type: 'agent' as const, name: 'Ana Lima' };
export const system = { id: 'system', type: 'system' as const, name: 'System' };

export function aPending(overrides: Partial<PendingMessage> = {}): PendingMessage {
  ids += 1;
  return {
    clientMsgId: `client-msg-${ids}`,
    conversationId: 'c1',
    kind: 'text',
    text: 'on its way',
    attachmentId: null,
    createdAt: '2026-11-25T10:30:00.000Z',
    status: 'queued',
    ...overrides,
  };
}

export function aConversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: 'c1',
    number: 1,
    artificialType: 'serving',
    customer: { id: 'customer-1', name: 'Dana Scully', type: null },
    agentId: 'agent-1',
    transfer: null,
    lastSeq: 0,
    lastMessage: null,
    reads: { customer: 0, agents: {} },
    unread: { customer: 0, agent: 0 },
    createdAt: '2026-11-25T10:00:00.000Z',
    queuedAt: null,
    assignedAt: null,
    closedAt: null,
    closedBy: null,
    rating: null,
    ...overrides,
  };
}
