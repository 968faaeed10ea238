// Test fixtures shared by the client library's, the widget's and the console's specs
// (`@switchboard/client/testing`): one builder per entity, override what the test cares about.
import type { Conversation, CustomerInfo, Message } from '@switchboard/protocol';
import type { PendingMessage } from '../outbox';

export { FakeClient } from './fake-client';

let conversations = 0;
let messages = 0;
let pendings = 0;

/**
 * A conversation waiting in the queue for a minute, with the customer's first message. Each call makes a new
 * one (`c1`, `c2`, ... per test file), queued a millisecond after the one before.
 */
export function aConversation(
  overrides: Omit<Partial<Conversation>, 'customer'> & { customer?: CustomerInfo & { email?: string | null } } = {},
): Conversation {
  const { customer, ...rest } = overrides;
  conversations += 1;
  // A minute old (each later one a millisecond newer, for order): 61 s back, so that however many a test file makes,
  // the first never reads as 59 s old.
  const at = new Date(Date.now() - 61_000 + Math.min(conversations, 999)).toISOString();
  return {
    id: `c${conversations}`,
    number: conversations,
    artificialType: 'open',
    // A customer given as CustomerInfo (say, from an auth answer) has no e-mail on record.
    customer: customer
      ? { ...customer, email: customer.email ?? null }
      : { id: `cust${conversations}`, name: `Customer ${conversations}`, type: 'pro', email: null },
    agentId: null,
    transfer: null,
    lastSeq: 1,
    lastMessage: { seq: 1, preview: 'Hello, I need help', senderType: 'customer', at },
    reads: { customer: 0, agents: {} },
    unread: { customer: 0, agent: 0 },
    createdAt: at,
    queuedAt: at,
    assignedAt: null,
    closedAt: null,
    closedBy: null,
    rating: null,
    labels: [],
    offline: false,
    fields: {},
    teamId: null,
    ...rest,
  };
}

export const aCustomer = { id: 'customer-1', type: 'customer' as const, name: 'Dana Scully' };
export const anAgent = { id: 'agent-1', type: 'agent' as const, name: 'Ana Lima' };
export const theSystem = { id: 'system', type: 'system' as const, name: 'System' };

/** A stored text message from the customer of conversation `c1`, as the gateway sends it. */
export function aMessage(overrides: Partial<Message> & { seq: number }): Message {
  messages += 1;
  return {
    id: `m${messages}`,
    conversationId: 'c1',
    clientMsgId: null,
    sender: aCustomer,
    kind: 'text',
    text: `message ${overrides.seq}`,
    attachment: null,
    createdAt: '2026-11-25T10:00:00.000Z',
    recalledAt: null,
    recallableUntil: null,
    replyTo: null,
    ...overrides,
  };
}

/** Messages `from` to `to` (inclusive) of one conversation. */
export function messagesFrom(from: number, to: number, overrides: Partial<Message> = {}): Message[] {
  return Array.from({ length: to - from + 1 }, (_, i) => aMessage({ ...overrides, seq: from + i }));
}

/** An outbox entry still on its way. */
export function aPending(overrides: Partial<PendingMessage> = {}): PendingMessage {
  pendings += 1;
  return {
    clientMsgId: `client-msg-${pendings}`,
    conversationId: 'c1',
    kind: 'text',
    text: 'on its way',
    attachmentId: null,
    createdAt: '2026-11-25T10:30:00.000Z',
    status: 'queued',
    ...overrides,
  };
}

/** What a paste puts on the clipboard, as jsdom specs hand it to `fireEvent.paste`. */
export type ClipboardEntry = { kind: 'file'; file: File } | { kind: 'string'; type: string };

/**
 * The `clipboardData` of a synthetic ClipboardEvent holding these entries (a screenshot is one `file` entry;
 * cells copied from a spreadsheet are `text/plain`, `text/html` and a picture), for
 * `fireEvent.paste(box, aClipboard(...))`.
 */
export function aClipboard(...entries: ClipboardEntry[]) {
  return {
    clipboardData: {
      items: entries.map((entry) =>
        entry.kind === 'file'
          ? { kind: 'file', type: entry.file.type, getAsFile: () => entry.file }
          : { kind: 'string', type: entry.type, getAsFile: () => null },
      ),
      files: entries.flatMap((entry) => (entry.kind === 'file' ? [entry.file] : [])),
      getData: () => '',
    },
  };
}
