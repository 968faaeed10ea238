import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import type { Message } from '@switchboard/protocol';
import { SwitchboardClient } from './switchboard-client';
import type { KeyValueStorage } from './outbox';

/**
 * A small socket.io server that plays the gateway's delivery rules (gapless seq, idempotent clientMsgId,
 * sync after a seq) and can misbehave on demand: swallow acks, skip fan-out, drop connections.
 */
class FlakyRelay {
  readonly messages: Message[] = [];
  swallowAcks = 0;
  skipFanOut = false;
  sendAttempts = 0;
  refuseText: string | null = null;
  /** Handshakes to refuse as the gateway does an 11th tab (rate_limited / too_many_sockets). */
  refuseHandshakes = 0;
  private readonly http: HttpServer = createServer();
  private readonly io = new Server(this.http);
  private sockets = new Set<ServerSocket>();

  async start(): Promise<string> {
    this.io.of('/customer').use((_socket, next) => {
      if (this.refuseHandshakes <= 0) return next();
      this.refuseHandshakes -= 1;
      next(Object.assign(new Error('rate_limited'), { data: { code: 'rate_limited', reason: 'too_many_sockets' } }));
    });
    this.io.of('/customer').on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('disconnect', () => this.sockets.delete(socket));
      socket.on(
        'message.send',
        (payload: { conversationId: string; clientMsgId: string; text: string }, ack) => {
          this.sendAttempts += 1;
          if (payload.text === this.refuseText) {
            ack({ ok: false, error: { code: 'forbidden', message: 'not your conversation' } });
            return;
          }
          let message = this.messages.find((m) => m.clientMsgId === payload.clientMsgId);
          if (!message) {
            message = {
              id: `m${this.messages.length + 1}`,
              conversationId: payload.conversationId,
              seq: this.messages.filter((m) => m.conversationId === payload.conversationId).length + 1,
              clientMsgId: payload.clientMsgId,
              sender: { id: 'c1', type: 'customer', name: 'Cy' },
              kind: 'text',
              text: payload.text,
              attachment: null,
              createdAt: new Date().toISOString(),
              recalledAt: null,
              recallableUntil: null,
              replyTo: null,
            };
            this.messages.push(message);
            if (!this.skipFanOut) this.io.of('/customer').emit('message.new', message);
          }
          if (this.swallowAcks > 0) {
            this.swallowAcks -= 1;
            return;
          }
          ack({ ok: true, data: message });
        },
      );
      socket.on(
        'messages.sync',
        (payload: { conversationId: string; afterSeq: number; limit: number }, ack) => {
          const all = this.messages.filter((m) => m.conversationId === payload.conversationId);
          ack({
            ok: true,
            data: {
              messages: all.filter((m) => m.seq > payload.afterSeq).slice(0, payload.limit),
              lastSeq: all.length,
            },
          });
        },
      );
    });
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** A message written by someone else (the agent), reaching this client only if fan-out is on. */
  injectFromAgent(conversationId: string, text: string): Message {
    const message: Message = {
      id: `m${this.messages.length + 1}`,
      conversationId,
      seq: this.messages.filter((m) => m.conversationId === conversationId).length + 1,
      clientMsgId: `agent-${this.messages.length + 1}-xxxx`,
      sender: { id: 'a1', type: 'agent', name: 'Ana' },
      kind: 'text',
      text,
      attachment: null,
      createdAt: new Date().toISOString(),
      recalledAt: null,
      recallableUntil: null,
      replyTo: null,
    };
    this.messages.push(message);
    if (!this.skipFanOut) this.io.of('/customer').emit('message.new', message);
    return message;
  }

  dropConnections(): void {
    for (const socket of this.sockets) socket.disconnect(true);
  }

  /** What the gateway does to a session whose account was disabled or whose token expired. */
  revokeSessions(reason: string): void {
    for (const socket of this.sockets) {
      socket.emit('session.revoked', { reason });
      socket.disconnect(true);
    }
  }

  get connectedCount(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    // io.close() also closes the HTTP server it is attached to.
    await this.io.close();
  }
}

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('SwitchboardClient delivery', () => {
  let relay: FlakyRelay;
  let url: string;
  const clients: SwitchboardClient[] = [];

  function newClient(storage?: KeyValueStorage): { client: SwitchboardClient; received: Message[] } {
    const client = new SwitchboardClient({
      url,
      namespace: 'customer',
      token: 't',
      ackTimeoutMs: 300,
      storage,
      socketOptions: { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 },
    });
    const received: Message[] = [];
    client.on('message', (m) => received.push(m));
    clients.push(client);
    return { client, received };
  }

  beforeEach(async () => {
    relay = new FlakyRelay();
    url = await relay.start();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await relay.stop();
  });

  it('retries an unanswered send under the same clientMsgId and stores it once', async () => {
    const { client, received } = newClient();
    client.connect();
    await waitFor(() => client.connection === 'connected');
    relay.swallowAcks = 2;
    const pending = client.send('c1', { text: 'hello' });
    await waitFor(() => client.pending().length === 0);
    expect(relay.sendAttempts).toBe(3);
    expect(relay.messages.map((m) => m.clientMsgId)).toEqual([pending.clientMsgId]);
    expect(received.map((m) => m.seq)).toEqual([1]);
  });

  it('queues what is typed while offline and sends it in order on reconnect', async () => {
    const storage = new MemoryStorage();
    const { client, received } = newClient(storage);
    client.send('c1', { text: 'one' });
    client.send('c1', { text: 'two' });
    expect(client.pending().map((p) => p.status)).toEqual(['queued', 'queued']);
    expect(storage.items.size).toBe(1);
    client.connect();
    await waitFor(() => received.length === 2);
    expect(received.map((m) => m.text)).toEqual(['one', 'two']);
    expect(relay.messages.map((m) => m.text)).toEqual(['one', 'two']);
    expect(client.pending()).toEqual([]);
    expect(storage.items.size).toBe(0);
  });

  it('keeps the outbox across a reload through storage', () => {
    const storage = new MemoryStorage();
    const first = newClient(storage).client;
    const typed = first.send('c1', { text: 'typed before the reload' });
    first.close();
    const second = newClient(storage).client;
    expect(second.pending().map((p) => p.clientMsgId)).toEqual([typed.clientMsgId]);
  });

  it('catches up with messages.sync after a reconnect, without gaps or duplicates', async () => {
    const { client, received } = newClient();
    client.connect();
    await waitFor(() => client.connection === 'connected');
    client.track('c1', 0);
    relay.injectFromAgent('c1', 'a');
    await waitFor(() => received.length === 1);
    relay.skipFanOut = true;
    relay.dropConnections();
    relay.injectFromAgent('c1', 'b');
    relay.injectFromAgent('c1', 'c');
    relay.skipFanOut = false;
    await waitFor(() => received.length === 3);
    relay.injectFromAgent('c1', 'd');
    await waitFor(() => received.length === 4);
    expect(received.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(client.lastSeq('c1')).toBe(4);
  });

  it('holds back a message that arrives after a hole until sync fills it', async () => {
    const { client, received } = newClient();
    client.connect();
    await waitFor(() => client.connection === 'connected');
    client.track('c1', 0);
    relay.skipFanOut = true;
    relay.injectFromAgent('c1', 'missed');
    relay.skipFanOut = false;
    relay.injectFromAgent('c1', 'seen');
    await waitFor(() => received.length === 2);
    expect(received.map((m) => m.text)).toEqual(['missed', 'seen']);
  });

  it('tries a refused handshake again later (a slot frees up when another tab closes)', async () => {
    const { client } = newClient();
    relay.refuseHandshakes = 1;
    const states: string[] = [];
    client.on('connection', (state) => states.push(state));
    client.connect();
    await waitFor(() => client.connection === 'connected');
    expect(relay.refuseHandshakes).toBe(0);
    expect(states).toEqual(['connecting', 'connected']); // 'connecting' while refused, never 'unauthorized'
  });

  it('marks a message the server refuses as failed and goes on with the next', async () => {
    const { client, received } = newClient();
    relay.refuseText = 'refused';
    client.connect();
    await waitFor(() => client.connection === 'connected');
    const refused = client.send('c1', { text: 'refused' });
    client.send('c1', { text: 'fine' });
    await waitFor(() => received.length === 1);
    expect(received[0].text).toBe('fine');
    expect(client.pending()).toEqual([
      expect.objectContaining({
        clientMsgId: refused.clientMsgId,
        status: 'failed',
        error: expect.objectContaining({ code: 'forbidden' }),
      }),
    ]);
    client.discard(refused.clientMsgId);
    expect(client.pending()).toEqual([]);
  });

  it('reports session.revoked, then stays signed out instead of reconnecting with the refused token', async () => {
    const { client } = newClient();
    const seen: string[] = [];
    client.on('session.revoked', (event) => seen.push(`revoked:${event.reason}`));
    client.on('connection', (state) => seen.push(state));
    client.connect();
    await waitFor(() => client.connection === 'connected');
    relay.revokeSessions('disabled');
    await waitFor(() => client.connection === 'unauthorized');
    // a plain server disconnect is retried after about reconnectionDelay (50 ms); a revoked one never is
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(relay.connectedCount).toBe(0);
    expect(client.connection).toBe('unauthorized');
    expect(seen).toEqual(['connecting', 'connected', 'revoked:disabled', 'unauthorized']);
  });
});
