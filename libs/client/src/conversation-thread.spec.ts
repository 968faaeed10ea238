import type { Message } from '@switchboard/protocol';
import { ConversationThread, TYPING_EXPIRY_MS, type Schedule } from './conversation-thread';
import { contiguousSeq, mergeBySeq } from './message-merge';
import { mayRecall, nextRecallExpiry } from './recall-window';
import { SwitchboardError } from './switchboard-error';
import { FakeClient, aMessage, anAgent, messagesFrom } from './testing';

/** Time that only moves when the test says so. */
function manualClock() {
  let now = 0;
  const timers: Array<{ at: number; run: () => void; live: boolean }> = [];
  const schedule: Schedule = (run, ms) => {
    const timer = { at: now + ms, run, live: true };
    timers.push(timer);
    return () => {
      timer.live = false;
    };
  };
  const advance = (ms: number) => {
    now += ms;
    for (const timer of timers)
      if (timer.live && timer.at <= now) {
        timer.live = false;
        timer.run();
      }
  };
  return { schedule, advance };
}

function setup(stored: Message[] = [], pageSize = 50) {
  const client = new FakeClient();
  client.connection = 'connected';
  client.stored.set('c1', stored);
  const clock = manualClock();
  const thread = new ConversationThread(client, 'c1', {
    typingFrom: ['agent', 'supervisor'],
    pageSize,
    schedule: clock.schedule,
  });
  return { client, thread, clock };
}

const seqs = (messages: Message[]) => messages.map((message) => message.seq);

describe('mergeBySeq', () => {
  it('keeps each seq once, ascending, and the server copy that came last on a clash', () => {
    const first = aMessage({ seq: 2, text: 'first copy' });
    const second = aMessage({ seq: 2, text: 'second copy' });
    const merged = mergeBySeq([aMessage({ seq: 3 }), first], [second, aMessage({ seq: 1 })]);
    expect(seqs(merged)).toEqual([1, 2, 3]);
    expect(merged[1].text).toBe('second copy');
  });

  it('returns the same list when nothing changed', () => {
    const messages = messagesFrom(1, 3);
    expect(mergeBySeq(messages, [messages[1]])).toBe(messages);
    expect(mergeBySeq(messages, [])).toBe(messages);
  });

  it('finds the highest seq held without a hole', () => {
    expect(contiguousSeq([])).toBe(0);
    expect(contiguousSeq(messagesFrom(11, 20))).toBe(20);
    expect(contiguousSeq([...messagesFrom(1, 3), ...messagesFrom(5, 6)])).toBe(3);
  });
});

describe('ConversationThread', () => {
  it('loads the newest page, then older pages until seq 1, with one has-more rule', async () => {
    const { client, thread } = setup(messagesFrom(1, 120), 50);
    thread.start(120);
    expect(thread.getSnapshot().loaded).toBe(false);
    await thread.loadLatest();
    expect(seqs(thread.getSnapshot().messages)).toEqual(Array.from({ length: 50 }, (_, i) => 71 + i));
    expect(thread.getSnapshot().older).toBe('idle');

    const loading = thread.loadOlder();
    expect(thread.getSnapshot().older).toBe('loading');
    await thread.loadOlder(); // a second call while loading does nothing
    await loading;
    expect(thread.getSnapshot().messages[0].seq).toBe(21);
    expect(thread.getSnapshot().older).toBe('idle');
    await thread.loadOlder();
    expect(thread.getSnapshot().messages).toHaveLength(120);
    expect(thread.getSnapshot().older).toBe('done');
    await thread.loadOlder();
    expect(client.historyCalls).toEqual([
      { conversationId: 'c1', limit: 50 },
      { conversationId: 'c1', beforeSeq: 71, limit: 50 },
      { conversationId: 'c1', beforeSeq: 21, limit: 50 },
    ]);
  });

  it('has nothing older when the newest page starts at seq 1, and asks for nothing when there is no message', async () => {
    const exact = setup(messagesFrom(1, 50), 50);
    exact.thread.start(50);
    await exact.thread.loadLatest();
    expect(exact.thread.getSnapshot().older).toBe('done');

    const empty = setup([]);
    empty.thread.start(0);
    await empty.thread.loadLatest();
    expect(empty.thread.getSnapshot()).toMatchObject({ loaded: true, older: 'done', messages: [] });
    expect(empty.client.historyCalls).toEqual([]);
  });

  it('merges live messages with the history that overlaps them', async () => {
    const { client, thread } = setup(messagesFrom(1, 10));
    thread.start(10);
    const latest = thread.loadLatest();
    // A live message arrives while the page is on its way, and one of another conversation.
    client.emit('message', aMessage({ seq: 11 }));
    client.emit('message', aMessage({ seq: 1, conversationId: 'c2' }));
    await latest;
    client.emit('message', aMessage({ seq: 10, text: 'again' }));
    expect(seqs(thread.getSnapshot().messages)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(thread.getSnapshot().messages[9].text).toBe('again');
  });

  it('shows what is on its way until the server stores it, then only the stored copy', async () => {
    const { client, thread } = setup([]);
    thread.start(0);
    await thread.loadLatest();
    thread.send('Hello');
    const [entry] = thread.getSnapshot().pending;
    expect(entry).toMatchObject({ text: 'Hello', conversationId: 'c1' });
    // The server's copy arrives before the outbox has dropped its entry.
    client.emit('message', aMessage({ seq: 1, clientMsgId: entry.clientMsgId, text: 'Hello' }));
    expect(thread.getSnapshot().pending).toEqual([]);
    expect(thread.getSnapshot().messages.map((m) => m.text)).toEqual(['Hello']);
    client.emit('outbox', client.outbox);
    expect(thread.getSnapshot().pending).toEqual([]);
  });

  it('follows from the highest seq held without a hole, and again after every reconnect', async () => {
    const { client, thread } = setup([...messagesFrom(1, 3), ...messagesFrom(5, 6)]);
    thread.start();
    expect(client.tracked).toEqual([{ conversationId: 'c1', lastSeq: 0 }]);
    await thread.loadLatest();
    expect(client.tracked.at(-1)).toEqual({ conversationId: 'c1', lastSeq: 3 });
    client.setConnection('connecting');
    client.setConnection('connected');
    expect(client.tracked.at(-1)).toEqual({ conversationId: 'c1', lastSeq: 3 });
    // The SDK's sync fills the hole: the thread now follows from the newest.
    client.emit('message', aMessage({ seq: 4 }));
    client.setConnection('connected');
    expect(client.tracked.at(-1)).toEqual({ conversationId: 'c1', lastSeq: 6 });
  });

  it('loads the newest page again after a reconnect when the first try failed', async () => {
    const { client, thread } = setup(messagesFrom(1, 5));
    client.historyFailures.push(new SwitchboardError('network', 'offline'));
    thread.start(5);
    await expect(thread.loadLatest()).rejects.toThrow('offline');
    expect(thread.getSnapshot().loaded).toBe(false);
    client.setConnection('connected');
    await new Promise((resolve) => setImmediate(resolve));
    expect(thread.getSnapshot()).toMatchObject({ loaded: true, older: 'done' });
    expect(thread.getSnapshot().messages).toHaveLength(5);
  });

  it('takes messages handed in (a watch answer) as the newest page', () => {
    const { client, thread } = setup([]);
    thread.start();
    thread.seed(messagesFrom(51, 100));
    expect(thread.getSnapshot()).toMatchObject({ loaded: true, older: 'idle' });
    expect(client.tracked.at(-1)).toEqual({ conversationId: 'c1', lastSeq: 100 });
  });

  it('shows the other side typing until they stop, write, or the expiry passes', () => {
    const { client, thread, clock } = setup([]);
    thread.start(0);
    const typing = (userType: 'agent' | 'customer', isTyping: boolean) =>
      client.emit('typing', { conversationId: 'c1', userId: `${userType}-1`, userType, isTyping });

    typing('customer', true); // the viewer's own side is not shown
    expect(thread.getSnapshot().typing).toBeNull();

    typing('agent', true);
    expect(thread.getSnapshot().typing).toEqual({ userId: 'agent-1', userType: 'agent' });
    clock.advance(TYPING_EXPIRY_MS - 1);
    typing('agent', true); // a repeat starts the expiry afresh
    clock.advance(TYPING_EXPIRY_MS - 1);
    expect(thread.getSnapshot().typing).not.toBeNull();
    clock.advance(1);
    expect(thread.getSnapshot().typing).toBeNull();

    typing('agent', true);
    typing('agent', false);
    expect(thread.getSnapshot().typing).toBeNull();

    typing('agent', true);
    client.emit('message', aMessage({ seq: 1, sender: anAgent }));
    expect(thread.getSnapshot().typing).toBeNull();
  });

  it('uploads a file, then sends it as an image message with its caption', async () => {
    const { client, thread } = setup([]);
    thread.start(0);
    const sending = thread.sendFile(new Blob(['png'], { type: 'image/png' }), 'photo.png', 'my receipt');
    expect(thread.getSnapshot().uploads).toEqual([
      expect.objectContaining({ name: 'photo.png', status: 'uploading' }),
    ]);
    await expect(sending).resolves.toBeNull();
    expect(thread.getSnapshot().uploads).toEqual([]);
    expect(client.sent).toEqual([
      { conversationId: 'c1', body: { kind: 'image', attachmentId: 'att-photo.png', text: 'my receipt' } },
    ]);
  });

  it('keeps a refused upload as failed, sends nothing, and lets it be dismissed', async () => {
    const { client, thread } = setup([]);
    thread.start(0);
    client.upload = async () => {
      throw new SwitchboardError('payload_too_large', 'too large', undefined, 413);
    };
    const failure = await thread.sendFile(new Blob(['x']), 'huge.bin');
    expect(failure).toMatchObject({ code: 'payload_too_large' });
    const [upload] = thread.getSnapshot().uploads;
    expect(upload).toMatchObject({ name: 'huge.bin', status: 'failed', error: failure });
    expect(client.sent).toEqual([]);
    thread.dismissUpload(upload.id);
    expect(thread.getSnapshot().uploads).toEqual([]);

    client.upload = async () => {
      throw new Error('socket hang up');
    };
    await expect(thread.sendFile(new Blob(['x']), 'a.txt')).resolves.toMatchObject({
      code: 'internal',
      message: 'socket hang up',
    });
  });

  it('stops listening and following when stopped', async () => {
    const { client, thread } = setup(messagesFrom(1, 2));
    thread.start(2);
    await thread.loadLatest();
    const before = thread.getSnapshot();
    thread.stop();
    client.emit('message', aMessage({ seq: 3 }));
    expect(thread.getSnapshot()).toBe(before);
    expect(client.untracked).toEqual(['c1']);
    expect(client.listenerCount('message')).toBe(0);
  });

  it('never takes over the tracking when told not to follow (a supervisor watching)', () => {
    const client = new FakeClient();
    const thread = new ConversationThread(client, 'c1', { typingFrom: [], follow: false });
    thread.start();
    thread.seed(messagesFrom(1, 3));
    thread.stop();
    expect(client.tracked).toEqual([]);
    expect(client.untracked).toEqual([]);
  });
});

describe('message.updated (PROTOCOL section 8: recall)', () => {
  it('replaces the message in place: same position, no duplicate, quotes of it marked recalled', async () => {
    const stored = [
      aMessage({ seq: 1, text: 'my card is 4111' }),
      aMessage({ seq: 2, sender: anAgent, text: 'noted', replyTo: { seq: 1, preview: 'my card is 4111', senderName: 'Dana Scully', recalled: false } }),
      aMessage({ seq: 3, text: 'thanks' }),
    ];
    const { client, thread } = setup(stored);
    thread.start(3);
    await thread.loadLatest();
    const recalled = { ...stored[0], text: null, recalledAt: '2026-11-25T10:01:00.000Z' };
    client.emit('message.updated', recalled);
    const { messages } = thread.getSnapshot();
    expect(seqs(messages)).toEqual([1, 2, 3]);
    expect(messages[0]).toBe(recalled);
    expect(messages[1].replyTo).toEqual({ seq: 1, preview: '', senderName: 'Dana Scully', recalled: true });
    expect(messages[2]).toBe(stored[2]);
    // Another conversation's update, or one for a message not held, changes nothing.
    const before = thread.getSnapshot().messages;
    client.emit('message.updated', { ...recalled, conversationId: 'c2' });
    client.emit('message.updated', aMessage({ seq: 9, recalledAt: '2026-11-25T10:01:00.000Z', text: null }));
    expect(thread.getSnapshot().messages).toBe(before);
  });

  it('recall(seq) asks the gateway and applies its answer at once; a refusal leaves the thread as it was', async () => {
    const stored = [aMessage({ seq: 1, text: 'oops' })];
    const { client, thread } = setup(stored);
    thread.start(1);
    await thread.loadLatest();
    client.answers['message.recall'] = (payload) => ({ ...stored[0], text: null, recalledAt: '2026-11-25T10:00:30.000Z', seq: payload.seq });
    await thread.recall(1);
    expect(client.requestsOf('message.recall')).toEqual([{ conversationId: 'c1', seq: 1 }]);
    expect(thread.getSnapshot().messages).toEqual([expect.objectContaining({ seq: 1, text: null, recalledAt: '2026-11-25T10:00:30.000Z' })]);
    client.answers['message.recall'] = () => {
      throw new SwitchboardError('conflict', 'too late', { reason: 'recall_window_passed' });
    };
    const held = thread.getSnapshot().messages;
    await expect(thread.recall(1)).rejects.toMatchObject({ code: 'conflict' });
    expect(thread.getSnapshot().messages).toBe(held);
  });

  it('send(text, replyToSeq) queues the quote with the message', () => {
    const { client, thread } = setup();
    thread.start(0);
    thread.send('It ships tomorrow', 4);
    expect(client.sent).toEqual([{ conversationId: 'c1', body: { text: 'It ships tomorrow', replyToSeq: 4 } }]);
    expect(client.outbox[0]).toMatchObject({ replyToSeq: 4 });
  });
});

describe('recall-window', () => {
  it('shows Recall on the reader\'s own messages until recallableUntil, and says when the next one goes', () => {
    const now = Date.parse('2026-11-25T10:01:00.000Z');
    const mine = aMessage({ seq: 1, recallableUntil: '2026-11-25T10:02:00.000Z' });
    const soon = aMessage({ seq: 2, recallableUntil: '2026-11-25T10:01:10.000Z' });
    const past = aMessage({ seq: 3, recallableUntil: '2026-11-25T10:00:59.000Z' });
    const recalled = aMessage({ seq: 4, recallableUntil: null, recalledAt: '2026-11-25T10:00:30.000Z' });
    const theirs = aMessage({ seq: 5, sender: anAgent, recallableUntil: '2026-11-25T10:05:00.000Z' });
    const own = (m: Message) => m.sender.type === 'customer';
    expect([mine, soon, past, recalled, theirs].map((m) => mayRecall(m, own(m), now))).toEqual([true, true, false, false, false]);
    expect(nextRecallExpiry([mine, soon, past, recalled, theirs], own, now)).toBe(10_000);
    expect(nextRecallExpiry([past, recalled, theirs], own, now)).toBeNull();
  });
});

describe('a supervisor\'s thread (originals)', () => {
  it('asks history with includeRecalled and keeps the original of a message recalled live, marked recalled', async () => {
    const stored = [aMessage({ seq: 1, text: 'keep me' })];
    const client = new FakeClient();
    client.connection = 'connected';
    client.stored.set('c1', stored);
    const thread = new ConversationThread(client, 'c1', { typingFrom: ['customer'], follow: false, originals: true });
    thread.start(1);
    await thread.loadLatest();
    expect(client.historyCalls[0]).toMatchObject({ includeRecalled: true });
    client.emit('message.updated', { ...stored[0], text: null, recalledAt: '2026-11-25T10:00:40.000Z' });
    expect(thread.getSnapshot().messages[0]).toMatchObject({ text: 'keep me', recalled: true, recalledAt: '2026-11-25T10:00:40.000Z' });
  });

  it('a watch answer with recalled messages fetches their originals', async () => {
    const original = aMessage({ seq: 2, text: 'the original', recalledAt: '2026-11-25T10:00:40.000Z', recalled: true });
    const client = new FakeClient();
    client.connection = 'connected';
    client.stored.set('c1', [aMessage({ seq: 1 }), original]);
    const thread = new ConversationThread(client, 'c1', { typingFrom: ['customer'], follow: false, originals: true });
    thread.start(2);
    thread.seed([aMessage({ seq: 1 }), { ...original, text: null, recalled: undefined }]);
    await waitForCalls(client);
    expect(client.historyCalls[0]).toMatchObject({ beforeSeq: 3, limit: 1, includeRecalled: true });
    await Promise.resolve();
    expect(thread.getSnapshot().messages[1]).toMatchObject({ text: 'the original', recalled: true });
  });
});

async function waitForCalls(client: FakeClient): Promise<void> {
  for (let i = 0; i < 10 && client.historyCalls.length === 0; i++) await Promise.resolve();
}
