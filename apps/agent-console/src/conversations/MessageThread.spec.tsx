import { render, screen, within } from '@testing-library/react';
import type { Message } from '@switchboard/protocol';
import { MessageThread } from './MessageThread';

function message(seq: number, overrides: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    clientMsgId: `client-${seq}`,
    sender:
      seq % 2 ? { id: 'cust', type: 'customer', name: 'Maria' } : { id: 'a1', type: 'agent', name: 'Ana' },
    kind: 'text',
    text: `message number ${seq}`,
    attachment: null,
    createdAt: new Date(1_700_000_000_000 + seq * 1000).toISOString(),
    recalledAt: null,
    recallableUntil: null,
    replyTo: null,
    ...overrides,
  };
}

describe('MessageThread', () => {
  it('keeps only a window of a 5,000-message thread in the DOM, starting at the newest', () => {
    const messages = Array.from({ length: 5000 }, (_, i) => message(i + 1));
    render(<MessageThread messages={messages} hasMore={false} />);
    const log = screen.getByRole('log', { name: 'Messages' });
    const rendered = log.querySelectorAll('[data-seq]');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(120);
  });

  it('shows text as text, never as HTML, and makes links clickable', () => {
    const evil = message(1, { text: '<img src=x onerror=alert(1)> see https://example.com/help.' });
    render(<MessageThread messages={[evil]} hasMore={false} />);
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(log.querySelector('img')).toBeNull();
    expect(within(log).getByText(/<img src=x onerror=alert\(1\)>/)).toBeInTheDocument();
    expect(within(log).getByRole('link', { name: 'https://example.com/help' })).toHaveAttribute(
      'href',
      'https://example.com/help',
    );
  });

  it('puts "Seen" under the newest agent message the customer has read', () => {
    const messages = [message(1), message(2), message(3), message(4)];
    render(<MessageThread messages={messages} customerReadSeq={3} hasMore={false} />);
    const seen = screen.getAllByText('Seen');
    expect(seen).toHaveLength(1);
    expect(seen[0].closest('[data-seq]')).toHaveAttribute('data-seq', '2');
  });
});
