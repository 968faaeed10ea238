import { act, fireEvent, render, screen, within } from '@testing-library/react';
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

describe('MessageThread: recall and quote (PROTOCOL section 8)', () => {
  afterEach(() => jest.useRealTimers());

  it('offers Recall on my own messages while their window lasts and takes it away when it closes; Reply on any', () => {
    jest.useFakeTimers({ now: 1_700_000_000_000 });
    const onRecall = jest.fn();
    const mine = message(2, { recallableUntil: new Date(1_700_000_030_000).toISOString() });
    const theirs = message(1, { recallableUntil: new Date(1_700_000_060_000).toISOString() });
    render(<MessageThread messages={[theirs, mine]} hasMore={false} meId="a1" onRecall={onRecall} onReply={jest.fn()} />);
    const recall = screen.getAllByRole('button', { name: 'Recall' });
    expect(recall).toHaveLength(1);
    fireEvent.click(recall[0]);
    expect(onRecall).toHaveBeenCalledWith(2);
    expect(screen.getAllByRole('button', { name: 'Reply' })).toHaveLength(2);
    act(() => jest.advanceTimersByTime(31_000));
    expect(screen.queryByRole('button', { name: 'Recall' })).toBeNull();
  });

  it('shows a recalled message as one line ("You recalled a message" for mine); a supervisor\'s original is marked Recalled', () => {
    const { unmount } = render(
      <MessageThread
        messages={[message(1, { text: null, recalledAt: '2026-11-25T10:00:00.000Z' }), message(2, { text: null, recalledAt: '2026-11-25T10:00:00.000Z' })]}
        hasMore={false}
        meId="a1"
      />,
    );
    expect(screen.getByText('Message recalled')).toBeInTheDocument();
    expect(screen.getByText('You recalled a message')).toBeInTheDocument();
    unmount();
    render(<MessageThread messages={[message(1, { text: 'the original', recalledAt: '2026-11-25T10:00:00.000Z', recalled: true })]} hasMore={false} />);
    expect(screen.getByText('the original')).toBeInTheDocument();
    expect(screen.getByText('Recalled')).toBeInTheDocument();
  });

  it('a quote names its sender and preview, and a click on it highlights the original', () => {
    const original = message(1, { text: 'Where is order 1234?' });
    const reply = message(2, { text: 'It ships tomorrow', replyTo: { seq: 1, preview: 'Where is order 1234?', senderName: 'Maria', recalled: false } });
    render(<MessageThread messages={[original, reply]} hasMore={false} meId="a1" />);
    fireEvent.click(screen.getByRole('button', { name: /^Maria\s*:\s*Where is order 1234\?$/ }));
    expect(screen.getByRole('log').querySelector('[data-seq="1"]')).toHaveClass('highlighted');
  });
});
