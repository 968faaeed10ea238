// PROTOCOL section 4, row by row, against the real gateway over socket.io.
import { CLIENT_EVENTS, SERVER_EVENTS, type Conversation, type Message, type QueueUpdatedEvent, type UnreadEvent } from '@switchboard/protocol';
import { clientMsgId, collectEvents, connectCustomer, emitAck, emitOk, emitOkPaced, nextEvent, waitFor } from '@switchboard/testing';
import {
  customerWithConversation,
  newAgent,
  staff,
  startWithSupervisor,
  type Customer,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

const E = CLIENT_EVENTS;

describe('conversation state machine', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let ana: Staff;
  let bo: Staff;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    ana = await newAgent(gw, supervisor.token, 50);
    bo = await newAgent(gw, supervisor.token, 50);
  });

  afterAll(() => gw.close());

  async function served(agent = ana) {
    const { customer, conversation } = await customerWithConversation(gw, 'hello');
    const grabbed = await emitOk<Conversation>(agent.socket, E.conversationGrab, { conversationId: conversation.id });
    return { customer, conversation: grabbed };
  }

  async function messagesOf(conversationId: string, socket = supervisor.socket) {
    const sync = await emitOk<{ messages: Message[] }>(socket, E.messagesSync, { conversationId, afterSeq: 0 });
    return sync.messages;
  }

  it('conversation.start opens one live conversation per customer, announced to agents', async () => {
    const added = nextEvent<QueueUpdatedEvent>(ana.socket, SERVER_EVENTS.queueUpdated, (u) => Boolean(u.added?.length));
    const { customer, conversation } = await customerWithConversation(gw, 'I need help');
    expect(conversation).toMatchObject({ artificialType: 'open', agentId: null, lastSeq: 1, transfer: null, rating: null });
    expect(conversation.customer).toEqual({ id: customer.id, name: 'Cora', type: null, email: null });
    const announced = (await added).added?.find((c) => c.id === conversation.id);
    expect(announced?.lastMessage).toMatchObject({ seq: 1, preview: 'I need help', senderType: 'customer' });
    // later messages of a waiting conversation refresh the agents' queue rows
    const refreshed = nextEvent<Conversation>(ana.socket, SERVER_EVENTS.conversationUpdated, (c) => c.id === conversation.id && c.lastSeq === 2);
    await emitOk(customer.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'anyone?' });
    expect((await refreshed).lastMessage?.preview).toBe('anyone?');
    const again = await emitOk<Conversation>(customer.socket, E.conversationStart, {});
    expect(again.id).toBe(conversation.id);
    expect(await emitOk<Conversation | null>(customer.socket, E.conversationCurrent, {})).toMatchObject({ id: conversation.id });
  });

  it('conversation.grab: open → serving, a second grab is a conflict, status must be online', async () => {
    const { customer, conversation } = await customerWithConversation(gw);
    const updated = nextEvent<Conversation>(customer.socket, SERVER_EVENTS.conversationUpdated, (c) => c.artificialType === 'serving');
    const removed = nextEvent<QueueUpdatedEvent>(bo.socket, SERVER_EVENTS.queueUpdated, (u) => Boolean(u.removed?.includes(conversation.id)));
    const grabbed = await emitOk<Conversation>(ana.socket, E.conversationGrab, { conversationId: conversation.id });
    expect(grabbed).toMatchObject({ artificialType: 'serving', agentId: ana.id });
    expect((await updated).agentId).toBe(ana.id);
    await removed;
    const second = await emitAck(bo.socket, E.conversationGrab, { conversationId: conversation.id });
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await messagesOf(conversation.id)).map((m) => m.text)).toContain(`${ana.login.user.name} joined`);

    const { conversation: other } = await customerWithConversation(gw);
    await emitOk(bo.socket, E.agentStatus, { status: 'away' });
    expect(await emitAck(bo.socket, E.conversationGrab, { conversationId: other.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await emitOk(bo.socket, E.agentStatus, { status: 'online' });
    expect(await emitOk<Conversation>(bo.socket, E.conversationGrab, { conversationId: other.id })).toMatchObject({ agentId: bo.id });
  });

  it('a grab race among 20 agents has exactly one winner', async () => {
    const racers = await Promise.all(Array.from({ length: 20 }, () => newAgent(gw, supervisor.token)));
    const { conversation } = await customerWithConversation(gw);
    const answers = await Promise.all(
      racers.map((r) => emitAck<Conversation>(r.socket, E.conversationGrab, { conversationId: conversation.id }, 15_000)),
    );
    const winners = answers.filter((a) => a.ok);
    expect(winners).toHaveLength(1);
    expect(answers.filter((a) => !a.ok && a.error.code === 'conflict')).toHaveLength(19);
    const current = await emitOk<{ conversation: Conversation }>(supervisor.socket, E.conversationWatch, { conversationId: conversation.id });
    expect(current.conversation.agentId).toBe(winners[0].ok ? winners[0].data.agentId : null);
    for (const r of racers) r.socket.close();
  });

  it('the load limit holds under a race: at maxConcurrent-1, two grabs and an accept leave exactly maxConcurrent', async () => {
    const limited = await newAgent(gw, supervisor.token, 3);
    for (let i = 0; i < 2; i++) {
      const { conversation } = await customerWithConversation(gw);
      await emitOk(limited.socket, E.conversationGrab, { conversationId: conversation.id });
    }
    const a = await customerWithConversation(gw);
    const b = await customerWithConversation(gw);
    const offered = await served(bo);
    await emitOk(bo.socket, E.conversationTransfer, { conversationId: offered.conversation.id, toAgentId: limited.id });
    const answers = await Promise.all([
      emitAck(limited.socket, E.conversationGrab, { conversationId: a.conversation.id }),
      emitAck(limited.socket, E.conversationGrab, { conversationId: b.conversation.id }),
      emitAck(limited.socket, E.conversationTransferAccept, { conversationId: offered.conversation.id }),
    ]);
    expect(answers.filter((x) => x.ok)).toHaveLength(1);
    expect(answers.filter((x) => !x.ok && x.error.code === 'conflict')).toHaveLength(2);
    const mine = await emitOk<{ conversations: Conversation[] }>(limited.socket, E.conversationsMine, {});
    expect(mine.conversations).toHaveLength(3);
    const users = await fetch(`${gw.url}/api/users?role=agent`, { headers: { authorization: `Bearer ${ana.token}` } });
    const list = (await users.json()) as Array<{ id: string; serving: number }>;
    expect(list.find((u) => u.id === limited.id)?.serving).toBe(3);
  });

  it('transfer to a named agent: offered, then accepted', async () => {
    const { customer, conversation } = await served();
    const offer = nextEvent<Conversation>(bo.socket, SERVER_EVENTS.transferOffered);
    const initiated = await emitOk<Conversation>(ana.socket, E.conversationTransfer, {
      conversationId: conversation.id,
      toAgentId: bo.id,
      note: 'needs billing',
    });
    expect(initiated).toMatchObject({ artificialType: 'transfer_initiated', agentId: ana.id });
    expect(initiated.transfer).toMatchObject({ mode: 'agent', fromAgentId: ana.id, toAgentId: bo.id, note: 'needs billing' });
    expect((await offer).id).toBe(conversation.id);
    // the assignee keeps serving meanwhile
    await emitOk(ana.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'one moment' });
    const customerSees = nextEvent<Conversation>(customer.socket, SERVER_EVENTS.conversationUpdated, (c) => c.agentId === bo.id);
    const accepted = await emitOk<Conversation>(bo.socket, E.conversationTransferAccept, { conversationId: conversation.id });
    expect(accepted).toMatchObject({ artificialType: 'serving', agentId: bo.id, transfer: null });
    await customerSees;
    const texts = (await messagesOf(conversation.id)).map((m) => m.text);
    expect(texts).toContain(`${ana.login.user.name} transferred the conversation to ${bo.login.user.name}: needs billing`);
    // the old assignee may no longer write; the new one may
    expect(await emitAck(ana.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await emitOk(bo.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'hi, Bo here' });
  });

  it('transfer decline and cancel return to serving with the same agent; only the right people may', async () => {
    const { conversation } = await served();
    await emitOk(ana.socket, E.conversationTransfer, { conversationId: conversation.id, toAgentId: bo.id });
    expect(await emitAck(ana.socket, E.conversationTransferAccept, { conversationId: conversation.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await emitAck(bo.socket, E.conversationTransferCancel, { conversationId: conversation.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const declined = await emitOk<Conversation>(bo.socket, E.conversationTransferDecline, { conversationId: conversation.id });
    expect(declined).toMatchObject({ artificialType: 'serving', agentId: ana.id, transfer: null });
    expect(await emitAck(bo.socket, E.conversationTransferDecline, { conversationId: conversation.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await emitOk(ana.socket, E.conversationTransfer, { conversationId: conversation.id, toAgentId: bo.id });
    const cancelled = await emitOk<Conversation>(ana.socket, E.conversationTransferCancel, { conversationId: conversation.id });
    expect(cancelled).toMatchObject({ artificialType: 'serving', agentId: ana.id, transfer: null });
  });

  it('transfer without a target: transferring, unassigned, at the head of the queue', async () => {
    await customerWithConversation(gw); // an open one that waited longer
    const { conversation } = await served();
    const released = await emitOk<Conversation>(ana.socket, E.conversationTransfer, { conversationId: conversation.id, note: 'billing' });
    expect(released).toMatchObject({ artificialType: 'transferring', agentId: null });
    expect(released.transfer).toMatchObject({ mode: 'queue', fromAgentId: ana.id, toAgentId: null, note: 'billing' });
    const queue = await emitOk<{ conversations: Conversation[] }>(bo.socket, E.queueList, {});
    const states = queue.conversations.map((c) => c.artificialType);
    expect(states[0]).toBe('transferring');
    expect(states.lastIndexOf('transferring')).toBeLessThan(states.indexOf('open'));
    expect(queue.conversations.filter((c) => c.artificialType === 'transferring').map((c) => c.id)).toContain(conversation.id);
    expect(await emitOk<Conversation>(bo.socket, E.conversationGrab, { conversationId: conversation.id })).toMatchObject({
      artificialType: 'serving',
      agentId: bo.id,
    });
    expect(await emitAck(ana.socket, E.conversationTransfer, { conversationId: conversation.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('close by the agent asks the customer; writing resumes, confirming closes', async () => {
    const { customer, conversation } = await served();
    const proposed = await emitOk<Conversation>(ana.socket, E.conversationClose, { conversationId: conversation.id });
    expect(proposed.artificialType).toBe('close_initiated');
    const resumed = nextEvent<Conversation>(customer.socket, SERVER_EVENTS.conversationUpdated, (c) => c.artificialType === 'serving');
    await emitOk(customer.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'wait, one more thing' });
    expect((await resumed).agentId).toBe(ana.id);
    await emitOk(ana.socket, E.conversationClose, { conversationId: conversation.id });
    const closed = await emitOk<Conversation>(customer.socket, E.conversationCloseConfirm, { conversationId: conversation.id });
    expect(closed).toMatchObject({ artificialType: 'closed', closedBy: 'customer' });
    expect(closed.closedAt).not.toBeNull();
    expect(await emitAck(customer.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await emitOk(customer.socket, E.conversationCurrent, {})).toBeNull();
    const texts = (await messagesOf(conversation.id)).map((m) => m.text);
    expect(texts).toEqual(expect.arrayContaining(['The customer replied; the conversation continues', 'Closed by the customer']));
  });

  it('only a customer message written after the close proposal resumes the conversation', async () => {
    // Its own agent and supervisor tab: 6 quick rounds would eat the shared sockets' rate-limit budget.
    const [closer, watcher] = await Promise.all([newAgent(gw, supervisor.token, 50), staff(gw, 'supervisor@example.com')]);
    for (let round = 0; round < 6; round++) {
      const { customer, conversation } = await served(closer);
      const [sent, proposed] = await Promise.all([
        emitOk<Message>(customer.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: `race ${round}` }),
        emitOk<Conversation>(closer.socket, E.conversationClose, { conversationId: conversation.id }),
      ]);
      const proposal = (await messagesOf(conversation.id, watcher.socket)).find((m) => m.text?.includes('proposed to close'));
      const settled = await emitOk<{ conversation: Conversation }>(watcher.socket, E.conversationWatch, { conversationId: conversation.id });
      const expected = sent.seq > (proposal?.seq ?? Infinity) ? 'serving' : 'close_initiated';
      expect({ round, state: settled.conversation.artificialType }).toEqual({ round, state: expected });
      expect(proposed.artificialType).toBe('close_initiated');
      await emitOk(customer.socket, E.conversationClose, { conversationId: conversation.id });
    }
  });

  it('forced close, customer close in any state, confirm only when proposed, rating once', async () => {
    const first = await served();
    expect(await emitAck(first.customer.socket, E.conversationCloseConfirm, { conversationId: first.conversation.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await emitAck(bo.socket, E.conversationClose, { conversationId: first.conversation.id, force: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const forced = await emitOk<Conversation>(ana.socket, E.conversationClose, { conversationId: first.conversation.id, force: true });
    expect(forced).toMatchObject({ artificialType: 'closed', closedBy: 'agent' });
    expect(await emitAck(first.customer.socket, E.conversationRate, { conversationId: first.conversation.id, score: 6 })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    const rated = await emitOk<Conversation>(first.customer.socket, E.conversationRate, {
      conversationId: first.conversation.id,
      score: 5,
      comment: 'great',
    });
    expect(rated.rating).toEqual({ score: 5, comment: 'great' });
    expect(await emitAck(first.customer.socket, E.conversationRate, { conversationId: first.conversation.id, score: 1 })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });

    const waiting = await customerWithConversation(gw);
    expect(await emitAck(waiting.customer.socket, E.conversationRate, { conversationId: waiting.conversation.id, score: 3 })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    const closed = await emitOk<Conversation>(waiting.customer.socket, E.conversationClose, { conversationId: waiting.conversation.id });
    expect(closed).toMatchObject({ artificialType: 'closed', closedBy: 'customer' });
    expect(await emitAck(waiting.customer.socket, E.conversationClose, { conversationId: waiting.conversation.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    // a new conversation can start once the last one is closed
    const next = await emitOk<Conversation>(waiting.customer.socket, E.conversationStart, {});
    expect(next.id).not.toBe(waiting.conversation.id);
    // another customer may not touch it
    expect(await emitAck(first.customer.socket, E.conversationClose, { conversationId: next.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('conversation.assign: supervisors only, any state but closed, beyond the load limit', async () => {
    const full = await newAgent(gw, supervisor.token, 1);
    const own = await customerWithConversation(gw);
    await emitOk(full.socket, E.conversationGrab, { conversationId: own.conversation.id });
    const { conversation } = await served();
    expect(await emitAck(ana.socket, E.conversationAssign, { conversationId: conversation.id, agentId: full.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const assigned = await emitOk<Conversation>(supervisor.socket, E.conversationAssign, { conversationId: conversation.id, agentId: full.id });
    expect(assigned).toMatchObject({ artificialType: 'serving', agentId: full.id });
    const mine = await emitOk<{ conversations: Conversation[] }>(full.socket, E.conversationsMine, {});
    expect(mine.conversations.map((c) => c.id).sort()).toEqual([own.conversation.id, conversation.id].sort());
    const queued = await customerWithConversation(gw);
    expect(await emitOk<Conversation>(supervisor.socket, E.conversationAssign, { conversationId: queued.conversation.id, agentId: ana.id })).toMatchObject({
      agentId: ana.id,
    });
    await emitOk(queued.customer.socket, E.conversationClose, { conversationId: queued.conversation.id });
    expect(await emitAck(supervisor.socket, E.conversationAssign, { conversationId: queued.conversation.id, agentId: ana.id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(await emitAck(supervisor.socket, E.conversationAssign, { conversationId: conversation.id, agentId: supervisor.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('conversation.updated reaches the customer, the old and the new assignee and supervisors, not bystanders', async () => {
    const [from, to, bystander, watcher] = await Promise.all([
      newAgent(gw, supervisor.token, 50),
      newAgent(gw, supervisor.token, 50),
      newAgent(gw, supervisor.token, 50),
      staff(gw, 'supervisor@example.com'),
    ]);
    const { customer, conversation } = await customerWithConversation(gw);
    await emitOk(from.socket, E.conversationGrab, { conversationId: conversation.id });
    const heard = (socket: Staff['socket'], agentId: string) =>
      nextEvent<Conversation>(socket, SERVER_EVENTS.conversationUpdated, (c) => c.id === conversation.id && c.agentId === agentId);
    const notHeard = collectEvents<Conversation>(bystander.socket, SERVER_EVENTS.conversationUpdated);
    // offered: the target hears of it too
    const offered = nextEvent<Conversation>(to.socket, SERVER_EVENTS.conversationUpdated, (c) => c.artificialType === 'transfer_initiated');
    await emitOk(from.socket, E.conversationTransfer, { conversationId: conversation.id, toAgentId: to.id });
    expect((await offered).transfer?.toAgentId).toBe(to.id);
    let waits = [from.socket, to.socket, watcher.socket, customer.socket].map((socket) => heard(socket, to.id));
    await emitOk(to.socket, E.conversationTransferAccept, { conversationId: conversation.id });
    await Promise.all(waits);
    // a supervisor's assign: the old and the new assignee
    waits = [from.socket, to.socket, watcher.socket, customer.socket].map((socket) => heard(socket, from.id));
    await emitOk(watcher.socket, E.conversationAssign, { conversationId: conversation.id, agentId: from.id });
    await Promise.all(waits);
    // the customer closes: the assignee hears it
    const closed = nextEvent<Conversation>(from.socket, SERVER_EVENTS.conversationUpdated, (c) => c.artificialType === 'closed');
    await emitOk(customer.socket, E.conversationClose, { conversationId: conversation.id });
    await closed;
    // only the grab (seq 1, "… joined") reached every agent, because the conversation left the queue
    expect(notHeard.items.filter((c) => c.id === conversation.id && c.lastSeq > 1)).toHaveLength(0);
    notHeard.stop();
  });

  it('the customer may close in every live state; the assignee\'s slot is freed', async () => {
    const agent = await newAgent(gw, supervisor.token, 50);
    const serving = async () => {
      const { customer, conversation } = await customerWithConversation(gw);
      await emitOk(agent.socket, E.conversationGrab, { conversationId: conversation.id });
      return { customer, conversationId: conversation.id };
    };
    const cases: Array<[string, (id: string) => Promise<unknown>]> = [
      ['serving', async () => undefined],
      ['transfer_initiated', (id) => emitOk(agent.socket, E.conversationTransfer, { conversationId: id, toAgentId: bo.id })],
      ['transferring', (id) => emitOk(agent.socket, E.conversationTransfer, { conversationId: id })],
      ['close_initiated', (id) => emitOk(agent.socket, E.conversationClose, { conversationId: id })],
    ];
    for (const [state, into] of cases) {
      const { customer, conversationId } = await serving();
      await into(conversationId);
      const closed = await emitOk<Conversation>(customer.socket, E.conversationClose, { conversationId });
      expect({ state, closed: closed.artificialType, by: closed.closedBy }).toEqual({ state, closed: 'closed', by: 'customer' });
    }
    const users = await fetch(`${gw.url}/api/users?role=agent`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(((await users.json()) as Array<{ id: string; serving: number }>).find((u) => u.id === agent.id)?.serving).toBe(0);
  });

  it('conversation.assign moves a conversation out of every live state, and two ratings race to one', async () => {
    const [agent, other] = await Promise.all([newAgent(gw, supervisor.token, 1), newAgent(gw, supervisor.token, 50)]);
    const states: Conversation['artificialType'][] = [];
    for (const setup of ['transfer_initiated', 'transferring', 'close_initiated'] as const) {
      const { conversation } = await customerWithConversation(gw);
      await emitOk(other.socket, E.conversationGrab, { conversationId: conversation.id });
      if (setup === 'transfer_initiated') await emitOk(other.socket, E.conversationTransfer, { conversationId: conversation.id, toAgentId: bo.id });
      if (setup === 'transferring') await emitOk(other.socket, E.conversationTransfer, { conversationId: conversation.id });
      if (setup === 'close_initiated') await emitOk(other.socket, E.conversationClose, { conversationId: conversation.id });
      const assigned = await emitOk<Conversation>(supervisor.socket, E.conversationAssign, { conversationId: conversation.id, agentId: agent.id });
      expect(assigned).toMatchObject({ agentId: agent.id, transfer: null });
      states.push(assigned.artificialType);
    }
    expect(states).toEqual(['serving', 'serving', 'serving']);
    const list = await fetch(`${gw.url}/api/users?role=agent`, { headers: { authorization: `Bearer ${agent.token}` } });
    const serving = (await list.json()) as Array<{ id: string; serving: number }>;
    expect(serving.find((u) => u.id === agent.id)?.serving).toBe(3); // beyond its maxConcurrent of 1
    expect(serving.find((u) => u.id === other.id)?.serving).toBe(0);

    const { customer, conversation } = await customerWithConversation(gw);
    await emitOk(customer.socket, E.conversationClose, { conversationId: conversation.id });
    const ratings = await Promise.all(
      [1, 2, 3].map((score) => emitAck(customer.socket, E.conversationRate, { conversationId: conversation.id, score })),
    );
    expect(ratings.filter((r) => r.ok)).toHaveLength(1);
    expect(ratings.filter((r) => !r.ok && r.error.code === 'conflict')).toHaveLength(2);
  });

  it('unread.agent is exact when customer messages race a grab, a transfer accept or an assign', async () => {
    // Own agents; the customer's 30 messages over three tabs exceed its rate limit (per user), so a refused one
    // waits and goes again (emitOkPaced): the grab still races the first twenty.
    const [taker, target, watcher] = await Promise.all([
      newAgent(gw, supervisor.token, 50),
      newAgent(gw, supervisor.token, 50),
      staff(gw, 'supervisor@example.com'),
    ]);
    const storm = async (customer: Customer, conversationId: string, take: () => Promise<unknown>) => {
      const tabs = await Promise.all([1, 2, 3].map(() => connectCustomer(gw.url, customer.token).then((t) => gw.track(t))));
      const writes = tabs.flatMap((socket) =>
        Array.from({ length: 10 }, (_, i) =>
          emitOkPaced<Message>(socket, E.messageSend, { conversationId, clientMsgId: clientMsgId(), text: `storm ${i}` }),
        ),
      );
      await Promise.all([...writes, take()]);
      for (const tab of tabs) tab.close();
    };
    const badges = new Map<string, ReturnType<typeof collectEvents<UnreadEvent>>>();
    const expectExact = async (conversationId: string, agentId: string) => {
      const { conversation } = await emitOk<{ conversation: Conversation }>(watcher.socket, E.conversationWatch, { conversationId });
      const marker = conversation.reads.agents[agentId] ?? 0;
      const fromCustomer = (await messagesOf(conversationId, watcher.socket)).filter((m) => m.seq > marker && m.sender.type === 'customer');
      expect({ agentId: conversation.agentId, unread: conversation.unread.agent }).toEqual({ agentId, unread: fromCustomer.length });
      // and the agent's badge ends on that number too
      const last = () => badges.get(agentId)?.items.filter((u) => u.conversationId === conversationId).at(-1);
      await waitFor(() => last()?.count === fromCustomer.length, { what: `badge ${fromCustomer.length}`, timeoutMs: 3000 }).catch(() => undefined);
      expect(last()).toMatchObject({ count: fromCustomer.length, total: fromCustomer.length });
    };
    for (const agent of [taker, target]) badges.set(agent.id, collectEvents<UnreadEvent>(agent.socket, SERVER_EVENTS.unread));
    for (let round = 0; round < 3; round++) {
      const { customer, conversation } = await customerWithConversation(gw, 'first');
      await storm(customer, conversation.id, () => emitOk(taker.socket, E.conversationGrab, { conversationId: conversation.id }));
      await expectExact(conversation.id, taker.id);
      await emitOk(taker.socket, E.messageRead, { conversationId: conversation.id, seq: 1_000_000 });
      await emitOk(taker.socket, E.conversationTransfer, { conversationId: conversation.id, toAgentId: target.id });
      await storm(customer, conversation.id, () => emitOk(target.socket, E.conversationTransferAccept, { conversationId: conversation.id }));
      await expectExact(conversation.id, target.id);
      // a supervisor's assign back to the first agent counts from that agent's own (older) read marker
      await storm(customer, conversation.id, () =>
        emitOk(watcher.socket, E.conversationAssign, { conversationId: conversation.id, agentId: taker.id }),
      );
      await expectExact(conversation.id, taker.id);
      await emitOkPaced(customer.socket, E.conversationClose, { conversationId: conversation.id });
    }
    taker.socket.close();
    target.socket.close();
  });

  it('a supervisor may not take conversations the agents\' way: grab is forbidden in any state', async () => {
    const queued = await customerWithConversation(gw);
    const { conversation } = await served(bo);
    for (const conversationId of [queued.conversation.id, conversation.id]) {
      expect(await emitAck(supervisor.socket, E.conversationGrab, { conversationId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await emitOk(queued.customer.socket, E.conversationClose, { conversationId: queued.conversation.id });
  });

  it('refuses unknown conversations and customers acting as agents', async () => {
    const missing = '0123456789abcdef01234567';
    expect(await emitAck(ana.socket, E.conversationGrab, { conversationId: missing })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const { customer } = await customerWithConversation(gw);
    expect(await emitAck(customer.socket, E.conversationGrab, { conversationId: missing })).toMatchObject({
      ok: false,
      error: { code: 'bad_request', message: 'unknown event' },
    });
  });
});
