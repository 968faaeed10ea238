import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { aMessage, aPending, anAgent, theSystem } from '@switchboard/client/testing';
import { MessageList } from './message-list';

const now = new Date('2026-11-25T12:00:00.000Z');

function bubbles() {
  return screen.getByRole('log', { name: 'Messages' }).querySelectorAll('.sbw-bubble');
}

describe('MessageList', () => {
  it('shows each seq once, in order, even when history and live delivery overlap', () => {
    const first = aMessage({ seq: 1, text: 'Hello' });
    const second = aMessage({ seq: 2, text: 'Anyone there?' });
    render(
      <MessageList
        messages={[first, second, { ...second, id: 'dup' }, first]}
        pending={[]}
        agentReadSeq={0}
        now={now}
      />,
    );
    expect(Array.from(bubbles(), (bubble) => bubble.getAttribute('data-seq'))).toEqual(['1', '2']);
    expect(screen.getAllByText('Anyone there?')).toHaveLength(1);
  });

  it('drops an outbox entry once its message is stored', () => {
    const pending = aPending({ clientMsgId: 'abc12345-stored', text: 'Sent twice?' });
    const stored = aMessage({ seq: 1, clientMsgId: 'abc12345-stored', text: 'Sent twice?' });
    render(<MessageList messages={[stored]} pending={[pending]} agentReadSeq={0} now={now} />);
    expect(screen.getAllByText('Sent twice?')).toHaveLength(1);
  });

  it('separates days and centres system messages', () => {
    render(
      <MessageList
        messages={[
          aMessage({ seq: 1, createdAt: '2026-11-20T10:00:00.000Z', text: 'last week' }),
          aMessage({ seq: 2, createdAt: '2026-11-24T10:00:00.000Z', text: 'yesterday' }),
          aMessage({
            seq: 3,
            createdAt: '2026-11-25T09:00:00.000Z',
            sender: theSystem,
            kind: 'system',
            text: 'Ana Lima joined',
          }),
          aMessage({ seq: 4, createdAt: '2026-11-25T09:01:00.000Z', sender: anAgent, text: 'Hi, Ana here' }),
        ]}
        pending={[]}
        agentReadSeq={0}
        now={now}
      />,
    );
    const separators = screen.getAllByRole('separator').map((element) => element.getAttribute('aria-label'));
    expect(separators).toHaveLength(3);
    expect(separators.slice(1)).toEqual(['Yesterday', 'Today']);
    const joined = screen.getByText('Ana Lima joined');
    expect(joined.closest('li')).toHaveClass('sbw-system');
    expect(joined.closest('.sbw-bubble')).toBeNull();
  });

  it('puts own messages on the right and names the agent with their first character', () => {
    render(
      <MessageList
        messages={[aMessage({ seq: 1, text: 'Mine' }), aMessage({ seq: 2, sender: anAgent, text: 'Theirs' })]}
        pending={[]}
        agentReadSeq={0}
        now={now}
      />,
    );
    expect(screen.getByText('Mine').closest('li')).toHaveClass('is-own');
    const theirs = screen.getByText('Theirs').closest('li') as HTMLElement;
    expect(theirs).toHaveClass('is-other');
    expect(within(theirs).getByText('Ana Lima')).toBeInTheDocument();
    expect(within(theirs).getByText('A')).toHaveClass('sbw-avatar');
  });

  it('renders links as anchors and everything else, markup included, as text', () => {
    const text =
      'Track it at https://acme.example/track?id=7 <img src=x onerror=alert(1)> javascript:alert(1)';
    const { container } = render(
      <MessageList
        messages={[aMessage({ seq: 1, sender: anAgent, text })]}
        pending={[]}
        agentReadSeq={0}
        now={now}
      />,
    );
    const links = screen.getAllByRole('link');
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveAttribute('href', 'https://acme.example/track?id=7');
    expect(links[0]).toHaveAttribute('rel', expect.stringContaining('noopener'));
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText(/<img src=x onerror=alert\(1\)> javascript:alert\(1\)/)).toBeInTheDocument();
  });

  it('shows one tick while pending, two when stored, and marks read up to the agent read marker', () => {
    render(
      <MessageList
        messages={[aMessage({ seq: 1, text: 'first' }), aMessage({ seq: 2, text: 'second' })]}
        pending={[aPending({ text: 'third' })]}
        agentReadSeq={1}
        now={now}
      />,
    );
    const tickOf = (text: string) =>
      within(screen.getByText(text).closest('li') as HTMLElement).getByRole('img');
    expect(tickOf('first')).toHaveAccessibleName('Read');
    expect(tickOf('second')).toHaveAccessibleName('Delivered');
    expect(tickOf('third')).toHaveAccessibleName('Sending');
    expect(tickOf('first').querySelectorAll('path')).toHaveLength(2);
    expect(tickOf('third').querySelectorAll('path')).toHaveLength(1);
  });

  it('offers retry and delete for a message the server refused', async () => {
    const onRetry = jest.fn();
    const onDiscard = jest.fn();
    const failed = aPending({
      status: 'failed',
      text: 'nope',
      error: { code: 'conflict', message: 'the conversation is closed', details: { reason: 'wrong_state' } },
    });
    render(
      <MessageList
        messages={[]}
        pending={[failed]}
        agentReadSeq={0}
        now={now}
        onRetry={onRetry}
        onDiscard={onDiscard}
      />,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Not sent. This chat has ended.');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(onRetry).toHaveBeenCalledWith(failed.clientMsgId);
    expect(onDiscard).toHaveBeenCalledWith(failed.clientMsgId);
  });

  it('shows the queue position, the wait estimate and the agent typing', () => {
    render(
      <MessageList
        messages={[]}
        pending={[]}
        agentReadSeq={0}
        now={now}
        waiting
        queue={{ position: 3, estimatedWaitSeconds: 240 }}
        agentTyping={{ name: 'Ana Lima' }}
      />,
    );
    expect(screen.getByText("You're number 3 in line")).toBeInTheDocument();
    expect(screen.getByText('Estimated wait: about 4 minutes')).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'Ana Lima is typing' })).toBeInTheDocument();
  });
});

describe('MessageList: recall and quote (PROTOCOL section 8)', () => {
  afterEach(() => jest.useRealTimers());

  it('offers Recall on the customer\'s own messages only while their window lasts, and takes it away when it closes', () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-25T12:00:00.000Z') });
    const onRecall = jest.fn();
    const mine = aMessage({ seq: 1, text: 'oops', recallableUntil: '2026-11-25T12:00:30.000Z' });
    const theirs = aMessage({ seq: 2, sender: anAgent, text: 'hello', recallableUntil: '2026-11-25T12:01:00.000Z' });
    render(<MessageList messages={[mine, theirs]} pending={[]} agentReadSeq={0} now={now} onRecall={onRecall} onReply={jest.fn()} />);
    const recall = screen.getAllByRole('button', { name: 'Recall' });
    expect(recall).toHaveLength(1);
    fireEvent.click(recall[0]);
    expect(onRecall).toHaveBeenCalledWith(1);
    expect(screen.getAllByRole('button', { name: 'Reply' })).toHaveLength(2);
    act(() => jest.advanceTimersByTime(31_000));
    expect(screen.queryByRole('button', { name: 'Recall' })).toBeNull();
  });

  it('shows a recalled message as one line, for the sender "You recalled a message", and a quote of it as recalled', () => {
    const onReply = jest.fn();
    render(
      <MessageList
        messages={[
          aMessage({ seq: 1, text: null, recalledAt: '2026-11-25T11:59:00.000Z' }),
          aMessage({ seq: 2, sender: anAgent, text: null, recalledAt: '2026-11-25T11:59:10.000Z' }),
          aMessage({ seq: 3, sender: anAgent, text: 'noted', replyTo: { seq: 1, preview: '', senderName: 'Dana Scully', recalled: true } }),
        ]}
        pending={[]}
        agentReadSeq={0}
        now={now}
        onReply={onReply}
      />,
    );
    expect(screen.getByText('You recalled a message')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /^Dana Scully\s*:\s*Message recalled$/ })).toBeInTheDocument();
    expect(screen.getAllByText('Message recalled').length).toBeGreaterThanOrEqual(1);
    // Only the message that still holds something can be replied to.
    expect(screen.getAllByRole('button', { name: 'Reply' })).toHaveLength(1);
  });

  it('a click on a quote scrolls to the original and highlights it', async () => {
    const original = aMessage({ seq: 1, text: 'Where is order 1234?' });
    const reply = aMessage({ seq: 2, sender: anAgent, text: 'It ships tomorrow', replyTo: { seq: 1, preview: 'Where is order 1234?', senderName: 'Dana Scully', recalled: false } });
    const scrolled = jest.fn();
    Element.prototype.scrollIntoView = scrolled;
    render(<MessageList messages={[original, reply]} pending={[]} agentReadSeq={0} now={now} />);
    await userEvent.click(screen.getByRole('button', { name: /^Dana Scully\s*:\s*Where is order 1234\?$/ }));
    const target = bubbles()[0];
    expect(target.getAttribute('data-seq')).toBe('1');
    expect(scrolled).toHaveBeenCalled();
    expect(target).toHaveClass('is-highlighted');
    expect(target).toHaveFocus();
  });
});
