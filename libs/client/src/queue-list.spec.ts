import type { Conversation, QueueListPayload, QueuePage } from '@switchboard/protocol';
import { compareQueue, QueueList } from './queue-list';
import { aConversation } from './testing';

const conversation = (overrides: Partial<Conversation> = {}) => aConversation({ lastMessage: null, ...overrides });

/** A queue.list that pages a list the test changes, by keyset (the index of the last row sent). */
class FakeQueue {
  rows: Conversation[] = [];
  hold = false;
  private held: Array<() => void> = [];
  readonly requests: QueueListPayload[] = [];

  async request(_event: 'queue.list', payload: QueueListPayload): Promise<QueuePage> {
    this.requests.push(payload);
    const snapshot = [...this.rows].sort(compareQueue);
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    const limit = payload.limit ?? 100;
    const start = payload.after ? snapshot.findIndex((c) => compareQueue(c, this.byId(payload.after as string)) > 0) : 0;
    const from = start < 0 ? snapshot.length : start;
    const page = snapshot.slice(from, from + limit);
    const more = from + limit < snapshot.length;
    return { conversations: page, next: more ? page[page.length - 1].id : null, total: snapshot.length };
  }

  release(): void {
    this.hold = false;
    this.held.splice(0).forEach((resolve) => resolve());
  }

  private byId(id: string): Conversation {
    return this.rows.find((c) => c.id === id) ?? ({ ...conversation(), id } as Conversation);
  }
}

describe('QueueList', () => {
  it('loads the head of the queue, then page after page, counting everyone', async () => {
    const server = new FakeQueue();
    server.rows = Array.from({ length: 5 }, () => conversation());
    const queue = new QueueList(server, 2);
    await queue.reload();
    expect(queue.state).toMatchObject({ total: 5, hasMore: true, loading: false });
    expect(queue.state.conversations.map((c) => c.id)).toEqual(server.rows.slice(0, 2).map((c) => c.id));
    await queue.loadMore();
    await queue.loadMore();
    expect(queue.state.conversations.map((c) => c.id)).toEqual(server.rows.map((c) => c.id));
    expect(queue.state.hasMore).toBe(false);
    expect(server.requests).toEqual([{ limit: 2 }, { limit: 2, after: server.rows[1].id }, { limit: 2, after: server.rows[3].id }]);
  });

  it('counts an arrival beyond the loaded pages without showing it; one that sorts within them shows at once', async () => {
    const server = new FakeQueue();
    server.rows = Array.from({ length: 3 }, () => conversation());
    const queue = new QueueList(server, 2);
    await queue.reload();
    const late = conversation();
    queue.applyUpdate({ added: [late] });
    expect(queue.state.total).toBe(4);
    expect(queue.state.conversations.map((c) => c.id)).not.toContain(late.id);
    const sentBack = conversation({ artificialType: 'transferring' });
    queue.applyUpdate({ added: [sentBack] });
    expect(queue.state.total).toBe(5);
    expect(queue.state.conversations[0].id).toBe(sentBack.id);
  });

  it('follows conversation.updated in and out of the loaded rows; only queue.updated moves the total', async () => {
    const server = new FakeQueue();
    server.rows = Array.from({ length: 2 }, () => conversation());
    const queue = new QueueList(server);
    await queue.reload();
    const [a, b] = server.rows;
    queue.applyConversation({ ...a, lastSeq: 7 });
    expect(queue.state.conversations.find((c) => c.id === a.id)?.lastSeq).toBe(7);
    queue.applyConversation({ ...b, artificialType: 'serving', agentId: 'x' });
    expect(queue.state.conversations.map((c) => c.id)).toEqual([a.id]);
    expect(queue.state.total).toBe(2);
    queue.applyUpdate({ removed: [b.id] });
    expect(queue.state.total).toBe(1);
    queue.remove(a.id);
    expect(queue.state.conversations).toEqual([]);
  });

  it('does not bring back a row that left while its page was on the way, nor lose one that arrived', async () => {
    const server = new FakeQueue();
    server.rows = Array.from({ length: 4 }, () => conversation());
    const queue = new QueueList(server, 2);
    await queue.reload();
    server.hold = true;
    const loading = queue.loadMore();
    expect(queue.state.loading).toBe(true);
    const [, , third] = server.rows;
    queue.applyUpdate({ removed: [third.id] }); // grabbed while the page (read before) travels
    server.release();
    await loading;
    expect(queue.state.conversations.map((c) => c.id)).toEqual([server.rows[0].id, server.rows[1].id, server.rows[3].id]);

    server.hold = true;
    const reloading = queue.reload();
    const arrival = conversation({ artificialType: 'transferring' });
    queue.applyUpdate({ added: [arrival] }); // after the page was read
    server.release();
    await reloading;
    expect(queue.state.conversations[0].id).toBe(arrival.id);
  });

  it('drops the answer of a page asked before a reload', async () => {
    const server = new FakeQueue();
    server.rows = Array.from({ length: 3 }, () => conversation());
    const queue = new QueueList(server, 1);
    await queue.reload();
    server.hold = true;
    const stale = queue.loadMore();
    server.rows = [server.rows[2]];
    const fresh = queue.reload();
    server.release();
    await Promise.all([stale, fresh]);
    expect(queue.state.conversations.map((c) => c.id)).toEqual([server.rows[0].id]);
    expect(queue.state.total).toBe(1);
  });
});
