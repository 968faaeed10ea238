import type { Conversation } from '@switchboard/protocol';
import type { QueueService } from '../conversations/queue.service';
import { QUEUE_FEED_WINDOW_MS, QueueFeed } from './queue-feed.service';
import type { RealtimeEmitter } from './realtime-emitter.service';
import type { TeamQueueFeed } from './team-queue-feed.service';

const waiting = (lastSeq: number, artificialType: Conversation['artificialType'] = 'open') =>
  ({ id: 'c1', artificialType, lastSeq }) as Conversation;

describe('QueueFeed', () => {
  let pushed: Conversation[];
  let fresh: Conversation | null;
  let reads: number;
  let feed: QueueFeed;

  beforeEach(() => {
    jest.useFakeTimers();
    pushed = [];
    fresh = null;
    reads = 0;
    const emitter = { send: (_audience: unknown, _event: unknown, c: Conversation) => pushed.push(c) } as unknown as RealtimeEmitter;
    const queue = {
      waiting: () => {
        reads += 1;
        return Promise.resolve(fresh);
      },
    } as unknown as QueueService;
    // team-less conversations: the whole agents room, at once
    const teamQueue = { toQueueAudience: (_c: Conversation, send: (rooms: string[]) => void) => send(['agents']) } as unknown as TeamQueueFeed;
    feed = new QueueFeed(emitter, queue, teamQueue);
  });
  afterEach(() => {
    feed.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('pushes the first message at once, folds the rest of a burst into one push of the fresh state per window', async () => {
    feed.messageIn(waiting(2));
    for (let seq = 3; seq <= 100; seq++) feed.messageIn(waiting(seq));
    expect(pushed.map((c) => c.lastSeq)).toEqual([2]);
    fresh = waiting(100);
    await jest.advanceTimersByTimeAsync(QUEUE_FEED_WINDOW_MS);
    expect(pushed.map((c) => c.lastSeq)).toEqual([2, 100]);
    // Quiet: the next window ends with nothing to say, and the next message goes out at once again.
    await jest.advanceTimersByTimeAsync(QUEUE_FEED_WINDOW_MS);
    expect(reads).toBe(1);
    feed.messageIn(waiting(101));
    expect(pushed.map((c) => c.lastSeq)).toEqual([2, 100, 101]);
  });

  it('pushes nothing twice: a read that finds no newer message stays quiet, and so does the start message', async () => {
    feed.transitioned(waiting(1)); // conversation.start { text } announced with its first message
    feed.messageIn(waiting(1));
    feed.messageIn(waiting(2));
    fresh = waiting(2);
    await jest.advanceTimersByTimeAsync(QUEUE_FEED_WINDOW_MS);
    feed.messageIn(waiting(2)); // already in the last read
    await jest.advanceTimersByTimeAsync(QUEUE_FEED_WINDOW_MS * 3);
    expect(pushed.map((c) => c.lastSeq)).toEqual([2]);
  });

  it('drops what was pending when the conversation changes state, even a read already on its way', async () => {
    feed.messageIn(waiting(2));
    feed.messageIn(waiting(3));
    let answer: (c: Conversation | null) => void = () => undefined;
    (feed as unknown as { queue: QueueService }).queue = {
      waiting: () => new Promise<Conversation | null>((resolve) => (answer = resolve)),
    } as unknown as QueueService;
    await jest.advanceTimersByTimeAsync(QUEUE_FEED_WINDOW_MS); // the read starts
    feed.transitioned(waiting(4, 'serving')); // grabbed: the notifier pushed that state
    answer(waiting(3)); // the older copy arrives afterwards
    await jest.advanceTimersByTimeAsync(QUEUE_FEED_WINDOW_MS * 2);
    expect(pushed.map((c) => c.lastSeq)).toEqual([2]);
  });

  it('says nothing at the end of a window when the conversation has left the queue meanwhile', async () => {
    feed.messageIn(waiting(2));
    feed.messageIn(waiting(3));
    fresh = null; // grabbed on another node
    await jest.advanceTimersByTimeAsync(QUEUE_FEED_WINDOW_MS * 2);
    expect(pushed.map((c) => c.lastSeq)).toEqual([2]);
  });
});
