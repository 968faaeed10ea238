// Two gateways on one database with REDIS_URL: emits cross nodes, races are decided by the database, a
// deadline fires once, concurrent seeding makes each demo account once, health reports a lost database.
import type { EmbeddedMongo } from '@switchboard/mongo-embedded';
import { CLIENT_EVENTS, SERVER_EVENTS, type AgentSummary, type Conversation, type Message, type QueuePositionEvent, type SyncResult } from '@switchboard/protocol';
import { clientMsgId, collectEvents, connectAgent, connectCustomer, customerToken, emitAck, emitOk, loginAs, nextEvent, waitFor } from '@switchboard/testing';
import { startSharedBackends, type SharedBackends } from './support/shared-backends';
import { getJson, newAgent, startTestGateway, TEST_PASSWORD, type TestGateway } from './support/test-gateway';

const E = CLIENT_EVENTS;

describe('several gateways with Redis', () => {
  let backends: SharedBackends;
  let store: EmbeddedMongo;
  let a: TestGateway;
  let b: TestGateway;

  beforeAll(async () => {
    backends = await startSharedBackends();
    store = backends.store;
    const env = { ...backends.env, TRANSFER_TIMEOUT_S: '1' };
    // both start at once on an empty database: the demo accounts must be made once each
    [a, b] = await Promise.all([startTestGateway(env), startTestGateway(env)]);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await backends?.stop();
  });

  it('seeds each demo account once when two gateways start together', async () => {
    const supervisor = await loginAs(a.url, 'supervisor@example.com', TEST_PASSWORD);
    const staffList = await getJson<AgentSummary[]>(`${b.url}/api/users`, supervisor.token);
    expect(staffList.body.map((u) => u.name).sort()).toEqual(['Ana', 'Bo', 'Cy', 'Sam Supervisor']);
  });

  it('carries events between nodes and lets exactly one grab win across them', async () => {
    const supervisor = await loginAs(a.url, 'supervisor@example.com', TEST_PASSWORD);
    const onA = await Promise.all(Array.from({ length: 5 }, () => newAgent(a, supervisor.token)));
    const onB = await Promise.all(Array.from({ length: 5 }, async () => {
      const agent = await newAgent(a, supervisor.token);
      agent.socket.close();
      return { ...agent, socket: b.track(await connectAgent(b.url, agent.token)) };
    }));
    const visitor = await customerToken(a.url, { name: 'Mo' });
    const customer = a.track(await connectCustomer(a.url, visitor.token));
    const queued = nextEvent<{ added?: Conversation[] }>(onB[0].socket, SERVER_EVENTS.queueUpdated, (u) => Boolean(u.added));
    const conversation = await emitOk<Conversation>(customer, E.conversationStart, { text: 'hi from node A' });
    expect((await queued).added?.[0].id).toBe(conversation.id);

    const everyone = [...onA, ...onB];
    const answers = await Promise.all(everyone.map((agent) => emitAck<Conversation>(agent.socket, E.conversationGrab, { conversationId: conversation.id }, 15_000)));
    const winners = answers.flatMap((answer, i) => (answer.ok ? [everyone[i]] : []));
    expect(winners).toHaveLength(1);
    expect(answers.filter((x) => !x.ok && x.error.code === 'conflict')).toHaveLength(everyone.length - 1);

    // a message from the winner, wherever it is connected, reaches the customer on node A, and back
    const winner = winners[0];
    const toCustomer = nextEvent<Message>(customer, SERVER_EVENTS.messageNew, (m) => m.text === 'hello across nodes');
    await emitOk(winner.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'hello across nodes' });
    await toCustomer;
    const toAgent = nextEvent<Message>(winner.socket, SERVER_EVENTS.messageNew, (m) => m.text === 'and back');
    await emitOk(customer, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'and back' });
    await toAgent;

    // a transfer offer to an agent on the other node times out once, though both nodes sweep
    const target = onA.includes(winner) ? onB[0] : onA[0];
    const offered = nextEvent<Conversation>(target.socket, SERVER_EVENTS.transferOffered);
    await emitOk(winner.socket, E.conversationTransfer, { conversationId: conversation.id, toAgentId: target.id });
    await offered;
    await nextEvent<Conversation>(customer, SERVER_EVENTS.conversationUpdated, (c) => c.artificialType === 'serving', 10_000);
    await new Promise((r) => setTimeout(r, 1500));
    const sync = await emitOk<SyncResult>(winner.socket, E.messagesSync, { conversationId: conversation.id, afterSeq: 0 });
    expect(sync.messages.filter((m) => m.text?.includes('expired'))).toHaveLength(1);
    expect(sync.messages.map((m) => m.seq)).toEqual(sync.messages.map((_, i) => i + 1));
  });

  it('tells a waiting customer on one node their new position when the queue moves on the other', async () => {
    const supervisor = await loginAs(a.url, 'supervisor@example.com', TEST_PASSWORD);
    const agent = await newAgent(a, supervisor.token);
    const ahead = a.track(await connectCustomer(a.url, (await customerToken(a.url, { name: 'Ahead' })).token));
    const first = await emitOk<Conversation>(ahead, E.conversationStart, {});
    const behind = b.track(await connectCustomer(b.url, (await customerToken(b.url, { name: 'Behind' })).token));
    const positions = collectEvents<QueuePositionEvent>(behind, SERVER_EVENTS.queuePosition);
    const second = await emitOk<Conversation>(behind, E.conversationStart, {});
    const told = await waitFor(() => positions.items.find((p) => p.conversationId === second.id), { what: 'a position on node B' });
    // the grab is made on node A; node B's customer learns it through the hint A sends along the adapter
    await emitOk(agent.socket, E.conversationGrab, { conversationId: first.id });
    await waitFor(() => positions.items.at(-1)?.position === told.position - 1, { what: 'the new position on node B', timeoutMs: 10_000 });
  });

  it('answers 503 on /api/health once the database is gone', async () => {
    await store.close();
    await waitFor(async () => (await getJson(`${a.url}/api/health`)).status === 503, { timeoutMs: 15_000, intervalMs: 250, what: '503' });
    expect((await getJson(`${a.url}/api/health`)).body).toMatchObject({ status: 'degraded', db: 'down' });
  });
});
