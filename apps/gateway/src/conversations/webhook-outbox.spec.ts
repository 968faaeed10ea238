import { TRANSITIONS, type ConversationAction, type WebhookEvent } from '@switchboard/protocol';
import { webhookEventOf } from './webhook-outbox';

// Every row of the transition table says what an integration hears of it: a new row (a Record over every action)
// does not typecheck here until someone decides.
const EXPECTED: Record<ConversationAction, WebhookEvent | null> = {
  grab: 'conversation.assigned',
  assign: 'conversation.assigned',
  auto_assign: 'conversation.assigned',
  accept_transfer: 'conversation.transferred',
  transfer_to_queue: 'conversation.transferred',
  transfer_to_team: 'conversation.transferred',
  agent_absent: 'conversation.transferred',
  transfer_to_agent: null,
  decline_transfer: null,
  cancel_transfer: null,
  transfer_timeout: null,
  propose_close: null,
  customer_reply: null,
  force_close: 'conversation.closed',
  close_by_customer: 'conversation.closed',
  confirm_close: 'conversation.closed',
  close_timeout: 'conversation.closed',
  close_blocked: 'conversation.closed',
  idle_close: 'conversation.closed',
  supervisor_close: 'conversation.closed',
  rate: 'conversation.rated',
};

describe('webhook events of the transitions', () => {
  it('gives each row of the table its event, or none', () => {
    const actual = Object.fromEntries(TRANSITIONS.map((rule) => [rule.action, webhookEventOf(rule.action)]));
    expect(actual).toEqual(EXPECTED);
  });
});
