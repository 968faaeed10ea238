// PROTOCOL sections 5 to 7: messages, receipts, unread badges across tabs, catch-up, typing, queue
// position, presence, supervision.
import {
  CLIENT_EVENTS,
  SERVER_EVENTS,
  type Conversation,
  type Message,
  type Overview,
  type PresenceEvent,
  type QueuePositionEvent,
  type ReadResult,
  type ReceiptEvent,
  type SyncResult,
  type TypingEvent,
  type UnreadEvent,
} from '@switchboard/protocol';
import {
  clientMsgId,
  collectEvents,
  connectAgent,
  connectCustomer,
  emitAck,
  emitOk,
  emitOkPaced,
  nextEvent,
  waitFor,
} from '@switchboard/testing';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import {
  customerWithConversation,
  getJson,
  newAgent,
  newCustomer,
  startWithSupervisor,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

const E = CLIENT_EVENTS;
const S = SERVER_EVENTS;

describe('messaging, reads and live updates', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let ana: Staff;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    ana = await newAgent(gw, supervisor.token, 50);
  });

  afterAll(() => gw.close());

  async function served() {
    const { customer, conversation } = await customerWithConversation(gw);
    await emitOkPaced(ana.socket, E.conversationGrab, { conversationId: conversation.id });
    return { customer, conversationId: conversation.id };
  }

  /**
   * `ana` is shared by every test here, so a fast run can drain her socket's token bucket (burst 20, 10/s):
   * a rate_limited answer is waited out (bounded) like a client would, anything else fails as before.
   */
  function send(
    socket: Staff['socket'],
    conversationId: string,
    text: string,
    id = clientMsgId(),
  ): Promise<Message> {
    return emitOkPaced<Message>(socket, E.messageSend, { conversationId, clientMsgId: id, text });
  }

  it('message.send stores with gapless seq, answers the stored message for a repeated clientMsgId, fans out once', async () => {
    const { customer, conversationId } = await served();
    const secondTab = gw.track(await connectCustomer(gw.url, customer.token));
    const onAgent = collectEvents<Message>(ana.socket, S.messageNew);
    const onSecondTab = collectEvents<Message>(secondTab, S.messageNew);
    const ownEcho = nextEvent<Message>(customer.socket, S.messageNew, (m) => m.text === 'first');
    const key = clientMsgId();
    const first = await send(customer.socket, conversationId, 'first', key);
    const again = await send(customer.socket, conversationId, 'first', key);
    expect(again).toEqual(first);
    expect(first).toMatchObject({
      conversationId,
      clientMsgId: key,
      kind: 'text',
      text: 'first',
      attachment: null,
    });
    expect(first.sender).toEqual({ id: customer.id, type: 'customer', name: 'Cora' });
    await ownEcho;
    const reply = await send(ana.socket, conversationId, 'reply');
    expect(reply.seq).toBe(first.seq + 1);
    await waitFor(() => onSecondTab.items.some((m) => m.id === reply.id), {
      what: 'reply on the second tab',
    });
    expect(onAgent.items.filter((m) => m.id === first.id)).toHaveLength(1);
    expect(onSecondTab.items.filter((m) => m.id === first.id)).toHaveLength(1);
    const all = await emitOk<SyncResult>(customer.socket, E.messagesSync, { conversationId, afterSeq: 0 });
    expect(all.messages.map((m) => m.seq)).toEqual(all.messages.map((_, i) => i + 1));
    expect(all.lastSeq).toBe(reply.seq);
  });

  it('concurrent senders in one conversation still get distinct, gapless seqs', async () => {
    const { customer, conversationId } = await served();
    const sends = Array.from({ length: 16 }, (_, i) =>
      send(i % 2 ? ana.socket : customer.socket, conversationId, `m${i}`),
    );
    const stored = await Promise.all(sends);
    const sync = await emitOk<SyncResult>(ana.socket, E.messagesSync, {
      conversationId,
      afterSeq: 0,
      limit: 200,
    });
    expect(sync.messages.map((m) => m.seq)).toEqual(sync.messages.map((_, i) => i + 1));
    expect(new Set(stored.map((m) => m.seq)).size).toBe(16);
    const conversation = await getJson<Conversation>(
      `${gw.url}/api/conversations/${conversationId}`,
      ana.token,
    );
    expect(conversation.body.lastSeq).toBe(sync.messages.length);
    expect(conversation.body.unread.agent).toBe(8);
  });

  it('repairs a message whose writer died between storing it and recording it on the conversation', async () => {
    const { customer, conversationId } = await served();
    const before = await getJson<Conversation>(`${gw.url}/api/conversations/${conversationId}`, ana.token);
    // what a crash right after the insert leaves behind: a stored message the conversation does not count yet
    const db = gw.app.get<Connection>(getConnectionToken()).db;
    await db?.collection('messages').insertOne({
      conversationId,
      seq: before.body.lastSeq + 1,
      clientMsgId: 'orphan-0001',
      sender: { id: customer.id, type: 'customer', name: 'Cora' },
      kind: 'text',
      text: 'orphan',
      attachment: null,
      createdAt: new Date(),
    });
    const next = await send(customer.socket, conversationId, 'after the crash');
    expect(next.seq).toBe(before.body.lastSeq + 2);
    const after = await getJson<Conversation>(`${gw.url}/api/conversations/${conversationId}`, ana.token);
    expect(after.body.lastSeq).toBe(next.seq);
    expect(after.body.unread.agent).toBe(before.body.unread.agent + 2);
    const sync = await emitOk<SyncResult>(ana.socket, E.messagesSync, { conversationId, afterSeq: 0 });
    expect(sync.messages.map((m) => m.seq)).toEqual(sync.messages.map((_, i) => i + 1));
    // the crashed sender's retry finds its message
    const retried = await send(customer.socket, conversationId, 'orphan', 'orphan-0001');
    expect(retried.seq).toBe(before.body.lastSeq + 1);
  });

  it('only the customer and the assignee may write; closed conversations refuse', async () => {
    const { conversationId } = await served();
    const stranger = await newCustomer(gw, 'Stranger');
    const other = await newAgent(gw, supervisor.token);
    for (const socket of [stranger.socket, other.socket, supervisor.socket]) {
      expect(
        await emitAck(socket, E.messageSend, { conversationId, clientMsgId: clientMsgId(), text: 'x' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(await emitAck(stranger.socket, E.messagesSync, { conversationId, afterSeq: 0 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('read markers move forward only, update unread on every tab of the reader, and send receipts', async () => {
    const { customer, conversationId } = await served();
    const anaTab2 = gw.track(await connectAgent(gw.url, ana.token));
    for (const text of ['a', 'b', 'c']) await send(customer.socket, conversationId, text);
    const counts = await waitFor(async () => {
      const c = await getJson<Conversation>(`${gw.url}/api/conversations/${conversationId}`, ana.token);
      return c.body.unread.agent === 3 ? c.body : null;
    });
    expect(counts.lastSeq).toBe(4); // the system message "… joined" and three texts
    const badge = nextEvent<UnreadEvent>(
      anaTab2,
      S.unread,
      (u) => u.conversationId === conversationId && u.count === 1,
    );
    const receipt = nextEvent<ReceiptEvent>(
      customer.socket,
      S.receipt,
      (r) => r.conversationId === conversationId,
    );
    const read = await emitOk<ReadResult>(ana.socket, E.messageRead, { conversationId, seq: 3 });
    expect(read).toEqual({ conversationId, seq: 3, unread: 1 });
    const unread = await badge;
    expect(unread.total).toBeGreaterThanOrEqual(1);
    expect(await receipt).toMatchObject({ reader: { id: ana.id, type: 'agent' }, seq: 3 });
    // backwards is a no-op that reports the current marker
    expect(await emitOk<ReadResult>(anaTab2, E.messageRead, { conversationId, seq: 1 })).toEqual({
      conversationId,
      seq: 3,
      unread: 1,
    });
    expect(await emitOk<ReadResult>(anaTab2, E.messageRead, { conversationId, seq: 999 })).toEqual({
      conversationId,
      seq: 4,
      unread: 0,
    });
    const conversation = await getJson<Conversation>(
      `${gw.url}/api/conversations/${conversationId}`,
      ana.token,
    );
    expect(conversation.body.reads.agents[ana.id]).toBe(4);
    expect(conversation.body.unread.agent).toBe(0);

    // the customer's side: agent messages count for them, and their tabs agree
    const customerTab2 = gw.track(await connectCustomer(gw.url, customer.token));
    const customerBadge = nextEvent<UnreadEvent>(customerTab2, S.unread, (u) => u.count === 2);
    await send(ana.socket, conversationId, 'x');
    await send(ana.socket, conversationId, 'y');
    expect(await customerBadge).toEqual({ conversationId, count: 2, total: 2 });
    const cleared = nextEvent<UnreadEvent>(customerTab2, S.unread, (u) => u.count === 0);
    expect(await emitOk<ReadResult>(customer.socket, E.messageRead, { conversationId, seq: 6 })).toEqual({
      conversationId,
      seq: 6,
      unread: 0,
    });
    await cleared;
  });

  it('after a reconnect, messages.sync from the last seen seq returns exactly what was missed', async () => {
    const { customer, conversationId } = await served();
    const seen: Message[] = [];
    customer.socket.on(S.messageNew, (m: Message) => seen.push(m));
    await send(ana.socket, conversationId, 'before');
    await waitFor(() => seen.some((m) => m.text === 'before'));
    const lastSeen = Math.max(...seen.map((m) => m.seq));
    customer.socket.close();
    for (let i = 0; i < 5; i++) await send(ana.socket, conversationId, `missed ${i}`);
    const back = gw.track(await connectCustomer(gw.url, customer.token));
    const live = collectEvents<Message>(back, S.messageNew);
    const missed = await emitOk<SyncResult>(back, E.messagesSync, { conversationId, afterSeq: lastSeen });
    expect(missed.messages.map((m) => m.text)).toEqual([0, 1, 2, 3, 4].map((i) => `missed ${i}`));
    expect(missed.messages[0].seq).toBe(lastSeen + 1);
    expect(missed.lastSeq).toBe(lastSeen + 5);
    const after = await send(ana.socket, conversationId, 'live again');
    await waitFor(() => live.items.some((m) => m.id === after.id), { what: 'live message after reconnect' });
    expect(after.seq).toBe(missed.lastSeq + 1);
    const limited = await emitOk<SyncResult>(back, E.messagesSync, { conversationId, afterSeq: 0, limit: 2 });
    expect(limited.messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('REST history pages by beforeSeq and limit, with section 1 access rules', async () => {
    const { customer, conversationId } = await served();
    for (let i = 0; i < 6; i++) await send(customer.socket, conversationId, `h${i}`);
    const page = await getJson<{ messages: Message[] }>(
      `${gw.url}/api/conversations/${conversationId}/messages?beforeSeq=6&limit=3`,
      customer.token,
    );
    expect(page.status).toBe(200);
    expect(page.body.messages.map((m) => m.seq)).toEqual([3, 4, 5]);
    const latest = await getJson<{ messages: Message[] }>(
      `${gw.url}/api/conversations/${conversationId}/messages`,
      ana.token,
    );
    expect(latest.body.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const bad = await getJson<{ message: string[] }>(
      `${gw.url}/api/conversations/${conversationId}/messages?limit=500&beforeSeq=x`,
      ana.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.message.join(' ')).toMatch(/limit/);
    expect(bad.body.message.join(' ')).toMatch(/beforeSeq/);
    const other = await newAgent(gw, supervisor.token);
    expect(
      (await getJson(`${gw.url}/api/conversations/${conversationId}/messages`, other.token)).status,
    ).toBe(403);
    expect((await getJson(`${gw.url}/api/conversations/${conversationId}`, other.token)).status).toBe(403);
    expect((await getJson(`${gw.url}/api/conversations/${conversationId}`, supervisor.token)).status).toBe(
      200,
    );
    const stranger = await newCustomer(gw);
    expect((await getJson(`${gw.url}/api/conversations/${conversationId}`, stranger.token)).status).toBe(403);
    // any agent may look at a queued one
    const queued = await customerWithConversation(gw);
    expect((await getJson(`${gw.url}/api/conversations/${queued.conversation.id}`, other.token)).status).toBe(
      200,
    );
    expect((await getJson(`${gw.url}/api/conversations/0123456789abcdef01234567`, other.token)).status).toBe(
      404,
    );
    expect((await getJson(`${gw.url}/api/conversations/nope`, other.token)).status).toBe(400);
  });

  it('REST history reads empty query parameters (?beforeSeq=&limit=) as absent', async () => {
    const { customer, conversationId } = await served();
    await send(customer.socket, conversationId, 'one');
    const page = await getJson<{ messages: Message[] }>(
      `${gw.url}/api/conversations/${conversationId}/messages?beforeSeq=&limit=`,
      ana.token,
    );
    expect(page.status).toBe(200);
    expect(page.body.messages.map((m) => m.seq)).toEqual([1, 2]);
    const limited = await getJson<{ messages: Message[] }>(
      `${gw.url}/api/conversations/${conversationId}/messages?beforeSeq=&limit=1`,
      ana.token,
    );
    expect(limited.body.messages.map((m) => m.seq)).toEqual([2]);
    expect(
      (await getJson(`${gw.url}/api/conversations/${conversationId}/messages?limit=0`, ana.token)).status,
    ).toBe(400);
  });

  it('unread badges drop for an agent who loses a conversation and for a customer whose conversation closes', async () => {
    const [cleo, dan] = await Promise.all([
      newAgent(gw, supervisor.token, 50),
      newAgent(gw, supervisor.token, 50),
    ]);
    const { customer, conversation } = await customerWithConversation(gw);
    await emitOk(cleo.socket, E.conversationGrab, { conversationId: conversation.id });
    const two = nextEvent<UnreadEvent>(cleo.socket, S.unread, (u) => u.count === 2);
    await send(customer.socket, conversation.id, 'one');
    await send(customer.socket, conversation.id, 'two');
    expect(await two).toEqual({ conversationId: conversation.id, count: 2, total: 2 });
    // accepted by another agent: the old assignee's total no longer holds it, the new one's does
    await emitOk(cleo.socket, E.conversationTransfer, { conversationId: conversation.id, toAgentId: dan.id });
    const cleoCleared = nextEvent<UnreadEvent>(cleo.socket, S.unread, (u) => u.total === 0);
    const danCounted = nextEvent<UnreadEvent>(dan.socket, S.unread, (u) => u.count === 2);
    await emitOk(dan.socket, E.conversationTransferAccept, { conversationId: conversation.id });
    expect(await cleoCleared).toEqual({ conversationId: conversation.id, count: 0, total: 0 });
    expect(await danCounted).toEqual({ conversationId: conversation.id, count: 2, total: 2 });
    // closed: nobody's total counts it any more
    const customerBadge = nextEvent<UnreadEvent>(customer.socket, S.unread, (u) => u.count === 1);
    await send(dan.socket, conversation.id, 'anything else?');
    expect(await customerBadge).toEqual({ conversationId: conversation.id, count: 1, total: 1 });
    const customerCleared = nextEvent<UnreadEvent>(customer.socket, S.unread, (u) => u.total === 0);
    const danCleared = nextEvent<UnreadEvent>(dan.socket, S.unread, (u) => u.total === 0);
    await emitOk(customer.socket, E.conversationClose, { conversationId: conversation.id });
    expect(await customerCleared).toMatchObject({ conversationId: conversation.id, total: 0 });
    expect(await danCleared).toEqual({ conversationId: conversation.id, count: 0, total: 0 });
  });

  it('unread.total sums every conversation the agent holds', async () => {
    const eve = await newAgent(gw, supervisor.token, 50);
    const a = await customerWithConversation(gw);
    const b = await customerWithConversation(gw);
    await emitOk(eve.socket, E.conversationGrab, { conversationId: a.conversation.id });
    await emitOk(eve.socket, E.conversationGrab, { conversationId: b.conversation.id });
    await send(a.customer.socket, a.conversation.id, 'a1');
    await send(a.customer.socket, a.conversation.id, 'a2');
    const badge = nextEvent<UnreadEvent>(
      eve.socket,
      S.unread,
      (u) => u.conversationId === b.conversation.id && u.count === 1,
    );
    await send(b.customer.socket, b.conversation.id, 'b1');
    expect((await badge).total).toBe(3);
    expect(
      await emitOk<ReadResult>(eve.socket, E.messageRead, { conversationId: a.conversation.id, seq: 100 }),
    ).toEqual({
      conversationId: a.conversation.id,
      seq: 3,
      unread: 0,
    });
  });

  it('messages.sync answers 100 messages by default and at most 200', async () => {
    const { customer, conversationId } = await served();
    // 105 customer messages: 7 tabs side by side, each writing its 15 in order (under every socket's burst)
    const tabs = await Promise.all(
      Array.from({ length: 7 }, () => connectCustomer(gw.url, customer.token).then((t) => gw.track(t))),
    );
    await Promise.all(
      tabs.map(async (tab, t) => {
        for (let i = 0; i < 15; i++) await send(tab, conversationId, `bulk ${t}-${i}`);
      }),
    );
    for (const tab of tabs) tab.close();
    const byDefault = await emitOk<SyncResult>(ana.socket, E.messagesSync, { conversationId, afterSeq: 0 });
    expect(byDefault.messages).toHaveLength(100);
    expect(byDefault.messages.map((m) => m.seq)).toEqual(byDefault.messages.map((_, i) => i + 1));
    expect(byDefault.lastSeq).toBe(106);
    expect(
      (await emitOk<SyncResult>(ana.socket, E.messagesSync, { conversationId, afterSeq: 100 })).messages,
    ).toHaveLength(6);
    expect(
      (await emitOk<SyncResult>(ana.socket, E.messagesSync, { conversationId, afterSeq: 0, limit: 200 }))
        .messages,
    ).toHaveLength(106);
    expect(
      await emitAck(ana.socket, E.messagesSync, { conversationId, afterSeq: 0, limit: 201 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('REST access follows the transfer: the target may see it, former assignees keep seeing it and its messages', async () => {
    const [fay, gus, hal] = await Promise.all([1, 2, 3].map(() => newAgent(gw, supervisor.token, 50)));
    const { customer, conversation } = await customerWithConversation(gw, 'hi');
    const url = `${gw.url}/api/conversations/${conversation.id}`;
    await emitOk(fay.socket, E.conversationGrab, { conversationId: conversation.id });
    expect((await getJson(url, gus.token)).status).toBe(403);
    await emitOk(fay.socket, E.conversationTransfer, { conversationId: conversation.id, toAgentId: gus.id });
    expect((await getJson(url, gus.token)).status).toBe(200); // the transfer target
    expect((await getJson(`${url}/messages`, gus.token)).status).toBe(403); // not yet assigned
    expect((await getJson(url, hal.token)).status).toBe(403);
    await emitOk(gus.socket, E.conversationTransferAccept, { conversationId: conversation.id });
    for (const agent of [fay, gus]) {
      expect((await getJson(url, agent.token)).status).toBe(200);
      expect((await getJson(`${url}/messages`, agent.token)).status).toBe(200);
    }
    await emitOk(gus.socket, E.conversationTransfer, { conversationId: conversation.id });
    expect((await getJson(url, hal.token)).status).toBe(200); // transferring: any agent
    expect((await getJson(`${url}/messages`, hal.token)).status).toBe(403);
    await emitOk(customer.socket, E.conversationClose, { conversationId: conversation.id });
    expect((await getJson(url, hal.token)).status).toBe(403);
    expect((await getJson<Conversation>(url, fay.token)).body.artificialType).toBe('closed');
    expect((await getJson(`${url}/messages`, gus.token)).status).toBe(200);
    expect((await getJson(`${url}/messages`, customer.token)).status).toBe(200);
  });

  it('the Overview has exactly the fields of section 5', async () => {
    const { conversationId } = await served();
    const overview = await emitOk<Overview>(supervisor.socket, E.supervisorOverview, {});
    expect(Object.keys(overview).sort()).toEqual(['agents', 'conversations', 'queue']);
    expect(Object.keys(overview.queue).sort()).toEqual(['longestWaitSeconds', 'open', 'transferring']);
    expect(Object.keys(overview.agents.find((a) => a.id === ana.id) ?? {}).sort()).toEqual([
      'id',
      'name',
      'serving',
      'status',
      'unreadTotal',
    ]);
    const row = overview.conversations.find((c) => c.id === conversationId);
    expect(Object.keys(row ?? {}).sort()).toEqual(
      // labels: added by issue 14 (the supervisor's label filter); teamId by issue 15 (grouped and filtered by team)
      [
        'agentId',
        'artificialType',
        'customerName',
        'id',
        'labels',
        'lastMessageAt',
        'number',
        'teamId',
        'unread',
        'waitingSeconds',
      ].sort(),
    );
    expect(Object.keys(row?.unread ?? {}).sort()).toEqual(['agent', 'customer']);
    expect(typeof row?.lastMessageAt).toBe('string');
  });

  it('typing reaches the other side but not the typist’s own tabs', async () => {
    const { customer, conversationId } = await served();
    const ownTab = gw.track(await connectCustomer(gw.url, customer.token));
    const own = collectEvents<TypingEvent>(ownTab, S.typing);
    const seen = nextEvent<TypingEvent>(ana.socket, S.typing, (t) => t.conversationId === conversationId);
    expect(await emitOk(customer.socket, E.typing, { conversationId, isTyping: true })).toEqual({});
    expect(await seen).toEqual({ conversationId, userId: customer.id, userType: 'customer', isTyping: true });
    await emitOk(ana.socket, E.messagesSync, { conversationId, afterSeq: 0 }); // a round trip for the emit to settle
    expect(own.items).toHaveLength(0);
  });

  it('queue.position tells waiting customers their place, with an estimate once there is history', async () => {
    const first = await newCustomer(gw);
    const second = await newCustomer(gw);
    const queue = await emitOk<{ conversations: Conversation[] }>(ana.socket, E.queueList, {});
    for (const c of queue.conversations)
      await emitOk(ana.socket, E.conversationGrab, { conversationId: c.id });
    const firstPosition = nextEvent<QueuePositionEvent>(
      first.socket,
      S.queuePosition,
      (p) => p.position === 1,
    );
    const a = await emitOk<Conversation>(first.socket, E.conversationStart, {});
    expect(await firstPosition).toMatchObject({ conversationId: a.id, position: 1 });
    const secondPosition = nextEvent<QueuePositionEvent>(
      second.socket,
      S.queuePosition,
      (p) => p.position === 2,
    );
    await emitOk<Conversation>(second.socket, E.conversationStart, {});
    const p2 = await secondPosition;
    expect(p2.estimatedWaitSeconds === null || p2.estimatedWaitSeconds >= 0).toBe(true);
    const moved = nextEvent<QueuePositionEvent>(second.socket, S.queuePosition, (p) => p.position === 1);
    await emitOk(ana.socket, E.conversationGrab, { conversationId: a.id });
    expect((await moved).estimatedWaitSeconds).not.toBeNull();
  });

  it('queue.position reaches a customer whose conversation goes back to the queue, at the head of it', async () => {
    const { customer, conversationId } = await served();
    const position = nextEvent<QueuePositionEvent>(
      customer.socket,
      S.queuePosition,
      (p) => p.conversationId === conversationId,
    );
    await emitOk(ana.socket, E.conversationTransfer, { conversationId, note: 'back you go' });
    expect((await position).position).toBe(1);
    await emitOk(customer.socket, E.conversationClose, { conversationId });
  });

  it("a watching supervisor gets the conversation's typing and receipts; an agent outside it gets none", async () => {
    const { customer, conversationId } = await served();
    const watcher = gw.track(await connectAgent(gw.url, supervisor.token));
    const outsider = await newAgent(gw, supervisor.token);
    const outside = [S.typing, S.receipt, S.messageNew].map((event) =>
      collectEvents<{ conversationId: string }>(outsider.socket, event),
    );
    await emitOk(watcher, E.conversationWatch, { conversationId });
    const typing = nextEvent<TypingEvent>(watcher, S.typing, (t) => t.conversationId === conversationId);
    const receipt = nextEvent<ReceiptEvent>(watcher, S.receipt, (r) => r.conversationId === conversationId);
    await emitOk(customer.socket, E.typing, { conversationId, isTyping: true });
    const sent = await send(customer.socket, conversationId, 'watched');
    await emitOk(ana.socket, E.messageRead, { conversationId, seq: sent.seq });
    expect(await typing).toMatchObject({ userId: customer.id, userType: 'customer', isTyping: true });
    expect(await receipt).toMatchObject({ reader: { id: ana.id, type: 'agent' }, seq: sent.seq });
    await emitOk(outsider.socket, E.queueList, {}); // a round trip for anything in flight
    expect(outside.flatMap((c) => c.items).filter((e) => e.conversationId === conversationId)).toHaveLength(
      0,
    );
  });

  it('presence and agent.status reach agents and supervisors; the users list agrees', async () => {
    const bo = await newAgent(gw, supervisor.token);
    const away = nextEvent<PresenceEvent>(
      supervisor.socket,
      S.presence,
      (p) => p.agentId === bo.id && p.status === 'away',
    );
    expect(await emitOk(bo.socket, E.agentStatus, { status: 'away' })).toEqual({ status: 'away' });
    await away;
    const list = await getJson<Array<{ id: string; status: string; serving: number; name: string }>>(
      `${gw.url}/api/users?role=agent`,
      ana.token,
    );
    expect(Array.isArray(list.body)).toBe(true);
    expect(list.body.find((u) => u.id === bo.id)).toMatchObject({ status: 'away', serving: 0 });
    const offline = nextEvent<PresenceEvent>(
      ana.socket,
      S.presence,
      (p) => p.agentId === bo.id && p.status === 'offline',
    );
    bo.socket.close();
    await offline;
    expect(await emitAck(ana.socket, E.agentStatus, { status: 'sleeping' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('supervisors watch without moving markers, see the overview, and get supervisor.updated at most once a second', async () => {
    const { customer, conversationId } = await served();
    await send(customer.socket, conversationId, 'watched?');
    expect(await emitAck(ana.socket, E.conversationWatch, { conversationId })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await emitAck(ana.socket, E.supervisorOverview, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const watched = await emitOk<{ conversation: Conversation; messages: Message[] }>(
      supervisor.socket,
      E.conversationWatch,
      { conversationId },
    );
    expect(watched.conversation.id).toBe(conversationId);
    expect(watched.messages.map((m) => m.text)).toContain('watched?');
    const live = nextEvent<Message>(supervisor.socket, S.messageNew, (m) => m.text === 'seen live');
    await send(ana.socket, conversationId, 'seen live');
    await live;
    const before = await getJson<Conversation>(
      `${gw.url}/api/conversations/${conversationId}`,
      supervisor.token,
    );
    await emitOk(supervisor.socket, E.messageRead, { conversationId, seq: 99 });
    const after = await getJson<Conversation>(
      `${gw.url}/api/conversations/${conversationId}`,
      supervisor.token,
    );
    expect(after.body.reads).toEqual(before.body.reads);
    expect(after.body.unread).toEqual(before.body.unread);
    expect(await emitOk(supervisor.socket, E.conversationUnwatch, { conversationId })).toEqual({});

    const overview = await emitOk<Overview>(supervisor.socket, E.supervisorOverview, {});
    expect(overview.queue).toEqual(
      expect.objectContaining({ open: expect.any(Number), transferring: expect.any(Number) }),
    );
    expect(overview.agents.find((a) => a.id === ana.id)).toMatchObject({ status: 'online' });
    expect(overview.conversations.find((c) => c.id === conversationId)).toMatchObject({
      agentId: ana.id,
      customerName: 'Cora',
    });
    const rest = await getJson<Overview>(`${gw.url}/api/supervisor/overview`, supervisor.token);
    expect(rest.status).toBe(200);
    expect((await getJson(`${gw.url}/api/supervisor/overview`, ana.token)).status).toBe(403);

    const updates = collectEvents<Overview>(supervisor.socket, S.supervisorUpdated);
    const started = Date.now();
    for (let i = 0; i < 15; i++) {
      await send(customer.socket, conversationId, `burst ${i}`);
      await new Promise((r) => setTimeout(r, 150)); // changes spread over ~2 s
    }
    await waitFor(() => updates.items.length >= 2, { timeoutMs: 5000, what: 'two supervisor.updated' });
    // the last one reflects the last change
    await waitFor(
      () => updates.items.at(-1)?.conversations.find((c) => c.id === conversationId)?.unread.agent === 16,
      {
        timeoutMs: 3000,
        what: 'an overview with every message counted',
      },
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    updates.stop();
    expect(updates.items.length).toBeLessThanOrEqual(Math.ceil(elapsedSeconds) + 1);
  });
});
