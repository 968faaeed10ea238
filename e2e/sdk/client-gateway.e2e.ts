// The client SDK against a real gateway process: the outbox, retries under one clientMsgId across a
// gateway restart, catch-up by messages.sync after a dropped connection, and no message twice.
import { SwitchboardClient, customerAuth } from '@switchboard/client';
import { CLIENT_EVENTS, type Conversation, type Message } from '@switchboard/protocol';
import { connectAgent, emitOk, loginAs, startGatewayProcess, waitFor, type GatewayProcess } from '@switchboard/testing';
import type { Socket } from 'socket.io-client';

describe('client SDK against a real gateway', () => {
  let gateway: GatewayProcess;
  let agent: Socket;
  const clients: SwitchboardClient[] = [];

  async function newCustomer(): Promise<{ client: SwitchboardClient; received: Message[] }> {
    const auth = await customerAuth(gateway.url, { name: 'Sdk Customer' });
    const client = new SwitchboardClient({
      url: gateway.url,
      namespace: 'customer',
      token: auth.token,
      ackTimeoutMs: 2000,
      socketOptions: { transports: ['websocket'], reconnectionDelay: 200, reconnectionDelayMax: 500 },
    });
    const received: Message[] = [];
    client.on('message', (message) => received.push(message));
    clients.push(client);
    return { client, received };
  }

  async function connectStaff(): Promise<Socket> {
    const session = await loginAs(gateway.url, 'agent1@example.com', gateway.demoPassword);
    return connectAgent(gateway.url, session.token);
  }

  async function grabbed(client: SwitchboardClient): Promise<Conversation> {
    const conversation = await client.request(CLIENT_EVENTS.conversationStart, {});
    await emitOk(agent, CLIENT_EVENTS.conversationGrab, { conversationId: conversation.id });
    client.track(conversation.id, 0);
    return conversation;
  }

  const texts = (messages: Message[]) => messages.filter((m) => m.kind !== 'system').map((m) => m.text);
  const seqs = (messages: Message[]) => messages.map((m) => m.seq);
  const gapless = (values: number[]) => values.every((value, index) => index === 0 || value === values[index - 1] + 1);

  beforeAll(async () => {
    gateway = await startGatewayProcess();
    agent = await connectStaff();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    agent?.disconnect();
    await gateway?.stop();
  });

  it('sends what was typed before the connection opened, once and in order', async () => {
    const { client, received } = await newCustomer();
    client.connect();
    await waitFor(() => client.connection === 'connected', { what: 'connected' });
    const conversation = await grabbed(client);
    // The first tab is live: it holds the grab's system message (pushed, or fetched by track()'s sync) before it goes.
    await waitFor(() => received.length > 0, { what: 'the first client to receive the grab' });
    client.close();

    const offline = new SwitchboardClient({
      url: gateway.url,
      namespace: 'customer',
      token: client.token,
      socketOptions: { transports: ['websocket'] },
    });
    clients.push(offline);
    offline.send(conversation.id, { text: 'first, typed offline' });
    offline.send(conversation.id, { text: 'second, typed offline' });
    expect(offline.pending(conversation.id)).toHaveLength(2);
    offline.connect();
    await waitFor(() => offline.pending().length === 0, { timeoutMs: 10000, what: 'outbox drained' });

    const { messages } = await emitOk<{ messages: Message[] }>(agent, CLIENT_EVENTS.messagesSync, {
      conversationId: conversation.id,
      afterSeq: 0,
    });
    expect(texts(messages)).toEqual(['first, typed offline', 'second, typed offline']);
  });

  it('catches up after a dropped connection with no gap and no duplicate', async () => {
    const { client, received } = await newCustomer();
    client.connect();
    await waitFor(() => client.connection === 'connected', { what: 'connected' });
    const conversation = await grabbed(client);
    const send = (text: string, id: string) =>
      emitOk(agent, CLIENT_EVENTS.messageSend, { conversationId: conversation.id, clientMsgId: id, text });
    await send('before the drop', 'sdk-drop-0001');
    await waitFor(() => texts(received).includes('before the drop'), { what: 'first agent message' });

    // Cut the transport under the SDK (as a network failure would) and write while it is away.
    const dropped = new Promise<void>((resolve) => {
      const off = client.on('connection', (state) => {
        if (state !== 'connected') {
          off();
          resolve();
        }
      });
    });
    (client as unknown as { socket: Socket }).socket.io.engine.close();
    await dropped;
    for (let i = 1; i <= 5; i++) await send(`while away ${i}`, `sdk-drop-000${i + 1}`);

    await waitFor(() => texts(received).includes('while away 5'), { timeoutMs: 10000, what: 'catch-up' });
    await send('after the catch-up', 'sdk-drop-0099');
    await waitFor(() => texts(received).includes('after the catch-up'), { what: 'live again' });

    expect(texts(received)).toEqual([
      'before the drop',
      'while away 1',
      'while away 2',
      'while away 3',
      'while away 4',
      'while away 5',
      'after the catch-up',
    ]);
    expect(gapless(seqs(received))).toBe(true);
    expect(new Set(seqs(received)).size).toBe(received.length);
  });

  it('uploads a file, fetches it with the token, and downloads it from a signed link without one', async () => {
    const { client } = await newCustomer();
    client.connect();
    await waitFor(() => client.connection === 'connected', { what: 'connected' });
    const conversation = await grabbed(client);
    const attachment = await client.upload(new Blob(['Order 1042: shipped'], { type: 'text/plain' }), 'order.txt');
    client.send(conversation.id, { kind: 'file', attachmentId: attachment.id });
    expect(await (await client.fetchAttachment(attachment)).text()).toBe('Order 1042: shipped');

    const link = await client.attachmentLink(attachment);
    expect(link.url.startsWith(`${gateway.url}/api/attachments/${attachment.id}/signed?`)).toBe(true);
    const plain = await fetch(link.url);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''order\.txt/);
    expect(await plain.text()).toBe('Order 1042: shipped');
  });

  it('keeps retrying a send across a gateway restart and stores it exactly once', async () => {
    const { client, received } = await newCustomer();
    client.connect();
    await waitFor(() => client.connection === 'connected', { what: 'connected' });
    const conversation = await grabbed(client);

    await gateway.kill('SIGKILL');
    await waitFor(() => client.connection !== 'connected', { what: 'SDK noticed the gateway is gone' });
    const pending = client.send(conversation.id, { text: 'sent while the gateway was down' });
    expect(client.pending()).toEqual([expect.objectContaining({ clientMsgId: pending.clientMsgId })]);
    await gateway.restart();
    agent.disconnect();
    agent = await connectStaff();

    await waitFor(() => client.pending().length === 0, { timeoutMs: 20000, what: 'outbox drained after restart' });
    const { messages } = await emitOk<{ messages: Message[] }>(agent, CLIENT_EVENTS.messagesSync, {
      conversationId: conversation.id,
      afterSeq: 0,
    });
    const stored = messages.filter((m) => m.clientMsgId === pending.clientMsgId);
    expect(stored).toHaveLength(1);
    expect(received.filter((m) => m.clientMsgId === pending.clientMsgId)).toHaveLength(1);
    expect(gapless(seqs(received))).toBe(true);
  });
});
