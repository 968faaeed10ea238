// Issue 10, attacks 3 (the queue part) and 6 (queue pushes): 500 anonymous conversations pushed a real customer
// out of queue.list (it returned the 500 oldest per state) and they never got a queue.position; 1,000 messages in
// a waiting conversation sent 1,001 conversation.updated to an idle agent. Here the queue is paged with a keyset
// cursor, every waiting customer is told the right position however long the queue is, and queue rows coalesce.
import { CLIENT_EVENTS, SERVER_EVENTS, type Conversation, type QueuePage, type QueuePositionEvent } from '@switchboard/protocol';
import { clientMsgId, collectEvents, customerToken, emitAck, emitOk, emitOkPaced, nextEvent, waitFor } from '@switchboard/testing';
import { io, type Socket } from 'socket.io-client';
import { AuthService } from '../src/auth/auth.service';
import type { SocketUser } from '../src/auth/principal';
import { ConversationsService } from '../src/conversations/conversations.service';
import { MessagesService } from '../src/messages/messages.service';
import { QUEUE_FEED_WINDOW_MS } from '../src/realtime/queue-feed.service';
import { customerWithConversation, newAgent, startWithSupervisor, type Staff, type TestGateway } from './support/test-gateway';

const E = CLIENT_EVENTS;
const S = SERVER_EVENTS;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `task(i)` for i = 0..count-1, `width` at a time. */
async function pool(count: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Every page of queue.list, following `next` from `{}`. */
async function allPages(socket: Socket): Promise<QueuePage[]> {
  const pages: QueuePage[] = [];
  for (let after: string | null = null, i = 0; i < 100; i++) {
    const page: QueuePage = await emitOkPaced<QueuePage>(socket, E.queueList, after ? { after } : {});
    pages.push(page);
    if (page.next === null) break;
    after = page.next;
  }
  return pages;
}

describe('the queue under load', () => {
  let gw: TestGateway;
  let supervisor: Staff;

  /** A customer socket that records every queue.position from before it connects. */
  async function listeningCustomer(token: string) {
    const socket = gw.track(io(`${gw.url}/customer`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true }));
    const positions: QueuePositionEvent[] = [];
    socket.on(S.queuePosition, (p: QueuePositionEvent) => positions.push(p));
    await new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(undefined));
      socket.once('connect_error', reject);
    });
    const until = (position: number) =>
      waitFor(() => positions.at(-1)?.position === position, { what: `queue.position ${position}`, timeoutMs: 15_000 });
    return { socket, positions, until };
  }

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
  });
  afterAll(() => gw.close());

  it('600 waiting: the last customer is told position 600, an agent pages to it, positions follow the head', async () => {
    // 599 anonymous conversations made through the services (the per-address limits are tested elsewhere), then a
    // real visitor through the protocol.
    const auth = gw.app.get(AuthService);
    const conversations = gw.app.get(ConversationsService);
    const tokenOf = new Map<string, string>();
    await pool(599, 20, async (i) => {
      const visitor = await auth.customer({ name: `Spam ${i}` }, '127.0.0.1');
      const user: SocketUser = { id: visitor.customer.id, role: 'customer', name: visitor.customer.name };
      tokenOf.set((await conversations.start(user, undefined, '127.0.0.1')).id, visitor.token);
    });
    const real = await listeningCustomer((await customerToken(gw.url, { name: 'Real Customer' })).token);
    const mine = await emitOk<Conversation>(real.socket, E.conversationStart, { text: 'I really need help' });
    await real.until(600);
    expect(real.positions.at(-1)).toEqual({ conversationId: mine.id, position: 600, estimatedWaitSeconds: null });

    // An agent pages to it from `{}`: six pages of 100 in queue order, each row once, the total on every page.
    const agent = await newAgent(gw, supervisor.token);
    const pages = await allPages(agent.socket);
    expect(pages.map((p) => p.conversations.length)).toEqual([100, 100, 100, 100, 100, 100]);
    expect(pages.map((p) => p.total)).toEqual([600, 600, 600, 600, 600, 600]);
    const rows = pages.flatMap((p) => p.conversations);
    expect(new Set(rows.map((c) => c.id)).size).toBe(600);
    expect(rows.at(-1)?.id).toBe(mine.id);
    const orderKey = (c: Conversation) => `${String(Date.parse(c.queuedAt ?? '')).padStart(15, '0')}.${c.id}`;
    expect(rows.map(orderKey)).toEqual(rows.map(orderKey).sort());

    // Two customers in the middle of the queue connect and learn their own positions.
    const middle = await Promise.all(
      [299, 300].map(async (index) => ({ index, ...(await listeningCustomer(tokenOf.get(rows[index].id) ?? '')) })),
    );
    await Promise.all(middle.map((m) => m.until(m.index + 1)));

    // The head is grabbed: everyone behind moves up one.
    await emitOkPaced(agent.socket, E.conversationGrab, { conversationId: rows[0].id });
    await Promise.all([real.until(599), ...middle.map((m) => m.until(m.index))]);
    expect(real.positions.at(-1)?.estimatedWaitSeconds).not.toBeNull();

    // One behind the middle customers gives up (no assignment, so no new estimate): the last customer moves up,
    // the middle ones, whose position did not change, hear nothing.
    const heardBefore = middle.map((m) => m.positions.length);
    const quitter = await listeningCustomer(tokenOf.get(rows[598].id) ?? '');
    await emitOk(quitter.socket, E.conversationClose, { conversationId: rows[598].id });
    await real.until(598);
    for (const m of middle) await emitOk(m.socket, E.conversationCurrent, {}); // a round trip for anything in flight
    expect(middle.map((m) => m.positions.length)).toEqual(heardBefore);
  }, 120_000);

  it('pages by keyset: rows grabbed from one page shift nothing on the next; bad paging is a bad_request', async () => {
    const agent = await newAgent(gw, supervisor.token);
    const first = await emitOkPaced<QueuePage>(agent.socket, E.queueList, { limit: 50 });
    expect(first.conversations).toHaveLength(50);
    expect(first.next).toEqual(expect.any(String));
    const second = await emitOkPaced<QueuePage>(agent.socket, E.queueList, { limit: 50, after: first.next });
    for (const c of first.conversations.slice(1, 3)) await emitOkPaced(agent.socket, E.conversationGrab, { conversationId: c.id });
    const again = await emitOkPaced<QueuePage>(agent.socket, E.queueList, { limit: 50, after: first.next });
    expect(again.conversations.map((c) => c.id)).toEqual(second.conversations.map((c) => c.id));
    expect(again.total).toBe(second.total - 2);

    // null counts as absent, as for every optional field
    const nulls = await emitOkPaced<QueuePage>(agent.socket, E.queueList, { limit: null, after: null });
    expect(nulls.conversations.map((c) => c.id)).toEqual((await emitOkPaced<QueuePage>(agent.socket, E.queueList, {})).conversations.map((c) => c.id));
    for (const payload of [{ limit: 0 }, { limit: 201 }, { limit: 2.5 }, { limit: '10' }, { after: 'x' }, { after: 7 }, { after: `9.1.${first.conversations[0].id}` }, { page: 2 }]) {
      const ack = await emitAck(agent.socket, E.queueList, payload);
      expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
  });

  it('1,000 messages in a waiting conversation reach an idle agent as a handful of pushes, the last one current', async () => {
    const idle = await newAgent(gw, supervisor.token);
    const { customer, conversation } = await customerWithConversation(gw, 'first');
    const updates = collectEvents<Conversation>(idle.socket, S.conversationUpdated);
    const ofIt = () => updates.items.filter((c) => c.id === conversation.id);

    // Stored through the service: the customer's own rate limit would take 100 s for 1,000 (that is its job).
    const messages = gw.app.get(MessagesService);
    const sender: SocketUser = { id: customer.id, role: 'customer', name: conversation.customer.name };
    const started = Date.now();
    await pool(1000, 25, async (i) => {
      await messages.send(sender, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: `message ${i}` });
    });
    const lastSeq = 1 + 1000;
    await waitFor(() => ofIt().at(-1)?.lastSeq === lastSeq, { what: 'the final queue row', timeoutMs: 10_000 });
    // At most one push per window while the burst lasts (1,000 pushes before): a few dozen on a quick machine. The
    // appends of one conversation are serial, each waiting for its commits to reach the disk, so a loaded machine's
    // burst lasts longer and has more windows; still far fewer pushes than messages.
    const windows = Math.ceil((Date.now() - started) / QUEUE_FEED_WINDOW_MS);
    expect(ofIt().length).toBeLessThanOrEqual(windows + 1);
    expect(ofIt().length).toBeLessThan(1000 / 4);
    const seqs = ofIt().map((c) => c.lastSeq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    // Grabbed right after a burst: the idle agent sees it leave, and no older copy of it comes after that.
    const removed = nextEvent<{ removed?: string[] }>(idle.socket, S.queueUpdated, (u) => Boolean(u.removed?.includes(conversation.id)));
    await messages.send(sender, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'one more' });
    await messages.send(sender, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'and another' });
    const ana = await newAgent(gw, supervisor.token);
    await emitOk(ana.socket, E.conversationGrab, { conversationId: conversation.id });
    await removed;
    await sleep(QUEUE_FEED_WINDOW_MS * 2);
    expect(ofIt().at(-1)).toMatchObject({ artificialType: 'serving', agentId: ana.id });
  }, 180_000);
});
