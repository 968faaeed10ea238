// Issue 10, attack 6: the socket limits are per user, not per socket. One visitor with 50 sockets stored ~1,000
// messages in under 10 s, and 200 sockets that never authenticated were held open on `/`. Each is made here and
// must fail: at most 10 sockets per user, one rate bucket across them, `/` refuses, idle handshakes are cut.
import { CLIENT_EVENTS, LIMITS, type Ack, type Conversation, type Message, type SyncResult } from '@switchboard/protocol';
import { clientMsgId, connectAgent, connectCustomer, customerToken, emitAck, emitOk, waitFor } from '@switchboard/testing';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { CONNECT_TIMEOUT_MS } from '../src/realtime/realtime-io.adapter';
import { SocketServerRegistry } from '../src/realtime/socket-server.registry';
import { newAgent, newCustomer, startWithSupervisor, type Staff, type TestGateway } from './support/test-gateway';

const E = CLIENT_EVENTS;
type Refusal = Error & { data?: { code?: string; reason?: string } };

/** Tries to open `count` sockets at once; the ones that connected and the errors of the others. */
async function openMany(count: number, open: () => Promise<Socket>) {
  const settled = await Promise.allSettled(Array.from({ length: count }, open));
  return {
    open: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
    refused: settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Refusal] : [])),
  };
}

const expectTooMany = (error: Refusal) =>
  expect({ message: error.message, data: error.data }).toEqual({
    message: 'rate_limited',
    data: { code: 'rate_limited', reason: 'too_many_sockets' },
  });

describe('socket limits per user (attack 6)', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  const engineClients = () => gw.app.get(SocketServerRegistry).customer?.server.engine.clientsCount ?? -1;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
  });
  afterAll(() => gw.close());

  it('one visitor with 50 sockets gets 10, and all of them together only the per-user rate: not ~1,000 messages', async () => {
    const visitor = await customerToken(gw.url, { name: 'Flooder' });
    const { open, refused } = await openMany(50, () => connectCustomer(gw.url, visitor.token));
    open.forEach((s) => gw.track(s));
    expect(open).toHaveLength(LIMITS.maxSocketsPerUser);
    expect(refused).toHaveLength(50 - LIMITS.maxSocketsPerUser);
    refused.forEach(expectTooMany);

    const conversation = await emitOk<Conversation>(open[0], E.conversationStart, {});
    const bystander = await newCustomer(gw, 'Bystander');
    const started = Date.now();
    const acks = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        emitAck<Message>(open[i % open.length], E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: `spam ${i}` }, 30_000),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    const stored = acks.filter((a) => a.ok).length;
    // One bucket for the user: a burst of 20 (one went to conversation.start), then 10 a second, across all tabs.
    expect(stored).toBeLessThanOrEqual(LIMITS.rateLimitBurst + Math.ceil(LIMITS.rateLimitPerSecond * seconds));
    expect(acks.filter((a) => !a.ok && a.error.code === 'rate_limited')).toHaveLength(1000 - stored);
    const sync = await emitOk<SyncResult>(open[1], E.messagesSync, { conversationId: conversation.id, afterSeq: 0, limit: 200 });
    expect(sync.lastSeq).toBe(stored);

    // Another visitor was not slowed down by it.
    const theirs = await emitOk<Conversation>(bystander.socket, E.conversationStart, {});
    await emitOk(bystander.socket, E.messageSend, { conversationId: theirs.id, clientMsgId: clientMsgId(), text: 'unaffected' });
  });

  it('refuses the 11th socket of a user with rate_limited / too_many_sockets, and frees a slot on disconnect', async () => {
    const agent = await newAgent(gw, supervisor.token);
    const more = await openMany(LIMITS.maxSocketsPerUser - 1, () => connectAgent(gw.url, agent.token));
    more.open.forEach((s) => gw.track(s));
    expect(more.refused).toEqual([]);
    const eleventh = await connectAgent(gw.url, agent.token).then(
      (s) => s,
      (error: Refusal) => error,
    );
    expect(eleventh).toBeInstanceOf(Error);
    expectTooMany(eleventh as Refusal);
    // A refused socket holds nothing; the open ones still work.
    expect(await emitOk(more.open[0], E.conversationsMine, {})).toEqual({ conversations: [] });

    more.open[0].close();
    const again = await waitFor(() => connectAgent(gw.url, agent.token).catch(() => null), { what: 'a freed slot', intervalMs: 100 });
    gw.track(again);
    await expect(connectAgent(gw.url, agent.token)).rejects.toMatchObject({ message: 'rate_limited' });
  });

  it('the default namespace / refuses every connection', async () => {
    const socket = io(gw.url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: supervisor.token } });
    const error = await new Promise<Refusal>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect({ message: error.message, data: error.data }).toEqual({
      message: 'forbidden',
      data: { code: 'forbidden', reason: 'default_namespace' },
    });
  });

  it('closes 200 raw connections that never join a namespace, or were refused, within the connect timeout', async () => {
    const baseline = engineClients();
    const url = `${gw.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const raw = Array.from({ length: 200 }, (_, i) => {
      const ws = new WebSocket(url);
      const opened = Date.now();
      const closed = new Promise<number>((resolve) => {
        ws.on('close', () => resolve(Date.now() - opened));
        ws.on('error', () => resolve(Date.now() - opened));
      });
      // Half ask for `/` (refused), half never ask for anything; none answers the server's pings.
      ws.on('message', (data: Buffer) => {
        if (i % 2 === 0 && data.toString().startsWith('0')) ws.send('40');
      });
      return { ws, closed };
    });
    await waitFor(() => engineClients() >= baseline + 150, { what: 'the raw connections to open', timeoutMs: 10_000 });
    const lifetimes = await Promise.all(raw.map((r) => r.closed));
    // Closed by the server's connect timeout (5 s), long before the 45 s socket.io default or the ping timeout.
    expect(Math.max(...lifetimes)).toBeLessThan(CONNECT_TIMEOUT_MS * 3);
    expect(engineClients()).toBeLessThanOrEqual(baseline);
  });

  it('closes the connection of a socket that leaves its namespace (no slot, nothing held)', async () => {
    const visitor = await customerToken(gw.url);
    const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
    const joined = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const text = data.toString();
        if (text.startsWith('0')) ws.send(`40/customer,${JSON.stringify({ token: visitor.token })}`);
        if (text.startsWith('40/customer,')) resolve();
      });
    });
    await joined;
    ws.send('41/customer,');
    await closed;
  });

  it('every refusal above left the gateway answering as usual', async () => {
    const ack: Ack<unknown> = await emitAck(supervisor.socket, E.queueList, {});
    expect(ack.ok).toBe(true);
  });
});
