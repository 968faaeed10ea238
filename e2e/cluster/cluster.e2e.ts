// Two gateways behind nginx, sharing the embedded store (standalone) and Redis (socket.io Streams adapter),
// all started by startCluster — the same code as `npm run cluster`. Clients go through nginx and are
// placed on a chosen node by their loopback source address (see cluster-clients.ts).
import { randomUUID } from 'node:crypto';
import type { SwitchboardClient } from '@switchboard/client';
import { CLIENT_EVENTS, SERVER_EVENTS, type Conversation, type Message } from '@switchboard/protocol';
import { startCluster, type Cluster } from '../../scripts/cluster/cluster';
import { httpGet, sleep, waitFor } from '../../scripts/cluster/processes';
import {
  Placement,
  closeAllClients,
  createAgents,
  customerWithConversation,
  emitAck,
  rawSocket,
  record,
  recordSdk,
  sdkClient,
} from './cluster-clients';

let cluster: Cluster;
let placement: Placement;
let agents: Array<{ id: string; token: string; email: string }>;

beforeAll(async () => {
  cluster = await startCluster({
    gateways: 2,
    // every test client comes from this machine: lift the per-address limits, as the other harnesses do
    env: { TRANSFER_TIMEOUT_S: '2', LOG_LEVEL: 'warn', CUSTOMER_AUTH_LIMIT: '1000000', CONVERSATION_START_LIMIT: '1000000' },
  });
  placement = await Placement.probe(cluster);
  agents = await createAgents(cluster, 12, { prefix: `cluster-${randomUUID().slice(0, 8)}` });
}, 150_000);

afterAll(async () => {
  closeAllClients();
  await cluster?.stop();
}, 60_000);

/** Every message of a conversation, from seq 1, through messages.sync. */
async function fullHistory(client: SwitchboardClient, conversationId: string): Promise<Message[]> {
  const messages: Message[] = [];
  for (let page = 0; page < 50; page++) {
    const afterSeq = messages.at(-1)?.seq ?? 0;
    const result = await client.request(CLIENT_EVENTS.messagesSync, { conversationId, afterSeq, limit: 200 });
    messages.push(...result.messages);
    if (result.messages.length === 0 || (messages.at(-1)?.seq ?? 0) >= result.lastSeq) break;
  }
  return messages;
}

/** What one SDK client delivered to its app, per conversation, in order. */
function deliveredSeqs(client: SwitchboardClient): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  client.on('message', (message) => {
    const list = seen.get(message.conversationId) ?? [];
    list.push(message.seq);
    seen.set(message.conversationId, list);
  });
  return seen;
}

const contiguous = (seqs: number[]) => seqs.every((seq, i) => i === 0 || seq === seqs[i - 1] + 1);

it('a customer on one node and the agent on the other talk, with receipts, typing and badges', async () => {
  const { client: customer, conversation } = await customerWithConversation(cluster, placement.on(0), 'Cross-node');
  const agent = await sdkClient(cluster.url, 'agent', agents[0].token, placement.on(1));
  const customerUpdates = recordSdk(customer, 'conversation.updated');

  const grabbed = await agent.request(CLIENT_EVENTS.conversationGrab, { conversationId: conversation.id });
  expect(grabbed.artificialType).toBe('serving');
  agent.track(conversation.id, grabbed.lastSeq);
  await waitFor(() => customerUpdates.some((c) => c.id === conversation.id && c.artificialType === 'serving'), {
    what: 'the customer (node 1) to see the grab made on node 2',
  });

  // customer (node 1) → agent (node 2), with the agent's badge
  const agentMessages = recordSdk(agent, 'message');
  const agentUnread = recordSdk(agent, 'unread');
  customer.send(conversation.id, { text: 'hello from node 1' });
  const received = await waitFor(() => agentMessages.find((m) => m.text === 'hello from node 1'), {
    what: 'the agent to receive the message',
  });
  await waitFor(() => agentUnread.some((u) => u.conversationId === conversation.id && u.count >= 1), {
    what: "the agent's unread badge",
  });

  // typing crosses the nodes too
  const customerTyping = recordSdk(customer, 'typing');
  await agent.request(CLIENT_EVENTS.typing, { conversationId: conversation.id, isTyping: true });
  await waitFor(() => customerTyping.some((t) => t.userType === 'agent' && t.isTyping), { what: 'typing' });

  // the agent reads: a receipt for the customer, the agent's badge back to 0
  const customerReceipts = recordSdk(customer, 'receipt');
  const read = await agent.request(CLIENT_EVENTS.messageRead, { conversationId: conversation.id, seq: received.seq });
  expect(read.unread).toBe(0);
  await waitFor(() => customerReceipts.some((r) => r.reader.type === 'agent' && r.seq >= received.seq), {
    what: 'the read receipt on the other node',
  });
  await waitFor(() => agentUnread.at(-1)?.count === 0, { what: "the agent's badge to clear" });

  // agent (node 2) → customer (node 1), with the customer's badge
  const customerMessages = recordSdk(customer, 'message');
  const customerUnread = recordSdk(customer, 'unread');
  agent.send(conversation.id, { text: 'hello from node 2' });
  await waitFor(() => customerMessages.some((m) => m.text === 'hello from node 2'), { what: 'the reply' });
  await waitFor(() => customerUnread.some((u) => u.conversationId === conversation.id && u.count >= 1), {
    what: "the customer's unread badge",
  });
});

it('the same clientMsgId sent 20 times at once through both nodes stores one message and fans it out once', async () => {
  const { conversation, token } = await customerWithConversation(cluster, placement.on(0), 'Idempotent');
  const agent = await rawSocket(cluster.url, 'agent', agents[1].token, placement.on(1));
  const grab = await emitAck<Conversation>(agent, CLIENT_EVENTS.conversationGrab, { conversationId: conversation.id });
  expect(grab.ok).toBe(true);
  const agentNew = record<Message>(agent, SERVER_EVENTS.messageNew);

  // Ten tabs of the same customer, five on each node, each sending the same message twice (ten per node: within
  // the customer's burst on each node, as the rate limit is one bucket per user and node).
  const tabs = [];
  for (let i = 0; i < 10; i++) tabs.push(await rawSocket(cluster.url, 'customer', token, placement.on(i % 2)));
  const tabsNew = tabs.map((tab) => record<Message>(tab, SERVER_EVENTS.messageNew));
  const clientMsgId = `dup-${randomUUID()}`;
  const payload = { conversationId: conversation.id, clientMsgId, text: 'exactly once' };
  const acks = await Promise.all(
    tabs.flatMap((tab) =>
      Array.from({ length: 2 }, () => emitAck<Message>(tab, CLIENT_EVENTS.messageSend, payload, 15_000)),
    ),
  );

  expect(acks.every((ack) => ack.ok)).toBe(true);
  const stored = acks.flatMap((ack) => (ack.ok ? [ack.data] : []));
  expect(new Set(stored.map((m) => m.id)).size).toBe(1);
  expect(new Set(stored.map((m) => m.seq)).size).toBe(1);

  const ofIt = (list: Message[]) => list.filter((m) => m.clientMsgId === clientMsgId);
  await waitFor(() => ofIt(agentNew).length >= 1 && tabsNew.every((list) => ofIt(list).length >= 1), {
    what: 'the one fan-out to reach the agent and every tab',
  });
  // A second fan-out would have arrived by now; give a stray one a moment to show up.
  await sleep(1500);
  expect(ofIt(agentNew)).toHaveLength(1);
  for (const list of tabsNew) expect(ofIt(list)).toHaveLength(1);

  const sync = await emitAck<{ messages: Message[] }>(agent, CLIENT_EVENTS.messagesSync, {
    conversationId: conversation.id,
    afterSeq: 0,
  });
  expect(sync.ok && ofIt(sync.data.messages)).toHaveLength(1);
});

it('a grab race across both nodes has exactly one winner, and a transfer timeout fires once', async () => {
  const { conversation } = await customerWithConversation(cluster, placement.on(1), 'Race');
  const racers = [];
  for (let i = 2; i < 10; i++) racers.push(await rawSocket(cluster.url, 'agent', agents[i].token, placement.on(i % 2)));
  const results = await Promise.all(
    racers.map((socket) =>
      emitAck<Conversation>(socket, CLIENT_EVENTS.conversationGrab, { conversationId: conversation.id }),
    ),
  );
  const winners = results.flatMap((result, i) => (result.ok ? [i] : []));
  expect(winners).toHaveLength(1);
  expect(results.filter((result) => !result.ok && result.error.code === 'conflict')).toHaveLength(racers.length - 1);

  // The winner offers it to an agent on the other node, who does not answer: TRANSFER_TIMEOUT_S=2.
  const winner = winners[0];
  const target = (winner + 1) % racers.length; // the other node (placement alternates)
  const winnerAgent = agents[winner + 2];
  const offered = record<Conversation>(racers[target], SERVER_EVENTS.transferOffered);
  const winnerUpdates = record<Conversation>(racers[winner], SERVER_EVENTS.conversationUpdated);
  const transfer = await emitAck<Conversation>(racers[winner], CLIENT_EVENTS.conversationTransfer, {
    conversationId: conversation.id,
    toAgentId: agents[target + 2].id,
    note: 'cluster timeout test',
  });
  expect(transfer.ok && transfer.data.artificialType).toBe('transfer_initiated');
  await waitFor(() => offered.some((c) => c.id === conversation.id), { what: 'transfer.offered on the other node' });

  // The expiry writes a system message, so its update is past the transfer's lastSeq (the grab's own
  // update may still be arriving; it is not).
  const transferSeq = transfer.ok ? transfer.data.lastSeq : 0;
  const backToServing = () =>
    winnerUpdates.filter(
      (c) => c.id === conversation.id && c.artificialType === 'serving' && c.transfer === null && c.lastSeq > transferSeq,
    );
  await waitFor(() => backToServing().length >= 1, { timeoutMs: 20_000, what: 'the transfer timeout' });
  // Both gateways sweep deadlines; only one may act. Another sweep round on each node has passed by now.
  await sleep(3000);
  expect(backToServing()).toHaveLength(1);
  expect(backToServing()[0].agentId).toBe(winnerAgent.id);

  const history = await emitAck<{ messages: Message[] }>(racers[winner], CLIENT_EVENTS.messagesSync, {
    conversationId: conversation.id,
    afterSeq: transferSeq,
  });
  const systemTexts = history.ok ? history.data.messages.filter((m) => m.sender.type === 'system').map((m) => m.text) : [];
  expect(new Set(systemTexts).size).toBe(systemTexts.length);
});

it('Redis stopped for 5 seconds: no crash, delivery resumes, and what was missed is caught up', async () => {
  const { client: customer, conversation } = await customerWithConversation(cluster, placement.on(0), 'Redis outage');
  const agent = await sdkClient(cluster.url, 'agent', agents[10].token, placement.on(1));
  const grabbed = await agent.request(CLIENT_EVENTS.conversationGrab, { conversationId: conversation.id });
  agent.track(conversation.id, grabbed.lastSeq);
  const agentSeqs = deliveredSeqs(agent);
  const agentTexts = recordSdk(agent, 'message');
  const has = (text: string) => agentTexts.some((m) => m.text === text);

  customer.send(conversation.id, { text: 'before the outage' });
  await waitFor(() => has('before the outage'), { what: 'delivery before the outage' });

  await cluster.redis.stop();
  const stoppedAt = Date.now();
  for (const text of ['during the outage 1', 'during the outage 2', 'during the outage 3']) {
    customer.send(conversation.id, { text });
  }
  // Stored (acknowledged) on node 1 even though node 2 may not hear about them yet.
  await waitFor(() => customer.pending(conversation.id).length === 0, { timeoutMs: 20_000, what: 'acks during the outage' });
  await sleep(Math.max(0, 5000 - (Date.now() - stoppedAt)));
  await cluster.redis.start();

  customer.send(conversation.id, { text: 'after the outage' });
  await waitFor(() => has('after the outage'), { timeoutMs: 30_000, what: 'delivery after Redis is back' });
  for (const text of ['during the outage 1', 'during the outage 2', 'during the outage 3']) {
    expect(has(text)).toBe(true);
  }
  const seqs = agentSeqs.get(conversation.id) ?? [];
  expect(contiguous(seqs)).toBe(true);
  expect(seqs.at(-1)).toBe(agent.lastSeq(conversation.id));

  for (const gateway of cluster.gateways) {
    expect(gateway.alive).toBe(true);
    expect((await httpGet(`${gateway.url}/api/health`)).status).toBe(200);
  }
});

it('kill -9 of one gateway under load: clients move to the other node, nothing acknowledged is lost or doubled', async () => {
  const conversations = 20;
  const staff = await Promise.all(
    [0, 1, 2, 3].map((i) => sdkClient(cluster.url, 'agent', agents[i + 2].token, placement.on(i % 2))),
  );
  const pairs: Array<{ conversationId: string; customer: SwitchboardClient; agent: SwitchboardClient }> = [];
  for (let i = 0; i < conversations; i++) {
    const { client, conversation } = await customerWithConversation(cluster, placement.on(i % 2), `Load ${i}`);
    const agent = staff[i % staff.length];
    const grabbed = await agent.request(CLIENT_EVENTS.conversationGrab, { conversationId: conversation.id });
    agent.track(conversation.id, grabbed.lastSeq);
    pairs.push({ conversationId: conversation.id, customer: client, agent });
  }
  const clients = [...new Set(pairs.flatMap((pair) => [pair.customer, pair.agent]))];
  const delivered = new Map(clients.map((client) => [client, deliveredSeqs(client)]));
  const sent = new Map<string, string[]>(pairs.map((pair) => [pair.conversationId, []]));

  // Customers send 4 messages/s each, agents 1/s per conversation (5/s per agent): under the per-user rate
  // limit. Node 1 is killed a third of the way through.
  const ticks = 24;
  for (let tick = 0; tick < ticks; tick++) {
    if (tick === 8) await cluster.gateways[0].kill('SIGKILL');
    for (const pair of pairs) {
      const text = `tick ${tick}`;
      sent.get(pair.conversationId)?.push(pair.customer.send(pair.conversationId, { text }).clientMsgId);
      if (tick % 4 === 0) sent.get(pair.conversationId)?.push(pair.agent.send(pair.conversationId, { text }).clientMsgId);
    }
    await sleep(250);
  }

  await waitFor(() => clients.every((client) => client.connection === 'connected'), {
    timeoutMs: 30_000,
    what: 'every client to reconnect through nginx',
  });
  await waitFor(() => clients.every((client) => client.pending().length === 0), {
    timeoutMs: 60_000,
    what: 'every outbox to drain (every send acknowledged)',
  });

  for (const pair of pairs) {
    const history = await fullHistory(pair.customer, pair.conversationId);
    const seqs = history.map((m) => m.seq);
    expect(seqs[0]).toBe(1);
    expect(contiguous(seqs)).toBe(true);
    const ids = history.flatMap((m) => (m.clientMsgId ? [m.clientMsgId] : []));
    expect(new Set(ids).size).toBe(ids.length); // no duplicates
    expect(ids.sort()).toEqual([...(sent.get(pair.conversationId) ?? [])].sort()); // none lost
    const lastSeq = seqs.at(-1) ?? 0;
    // Both sides end up with every message, in order, once.
    for (const client of [pair.customer, pair.agent]) {
      await waitFor(() => client.lastSeq(pair.conversationId) === lastSeq, { what: 'clients to catch up' });
      const mine = delivered.get(client)?.get(pair.conversationId) ?? [];
      expect(contiguous(mine)).toBe(true);
      expect(mine.at(-1)).toBe(lastSeq);
    }
  }

  // The node comes back and nginx sends its clients to it again.
  await cluster.gateways[0].restart();
  await placement.settle(cluster);
});
