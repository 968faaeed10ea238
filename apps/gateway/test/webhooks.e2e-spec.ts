// Issue 16, slice "webhooks" (PROTOCOL section 11): supervisors' routes, the target checks, signed deliveries in
// order to a real HTTP receiver on 127.0.0.1 (WEBHOOK_ALLOW_PRIVATE=true), retries with backoff, giving up after
// 24 hours (the injected clock), and a slow receiver that does not slow chat. Real gateway, real sockets.
import {
  WEBHOOK_EVENTS,
  type Conversation,
  type Message,
  type WebhookDeliveriesResponse,
  type WebhookListResponse,
  type WebhookResponse,
} from '@switchboard/protocol';
import { clientMsgId, typedAgent, typedCustomer, waitFor } from '@switchboard/testing';
import { createHmac } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection, mongo } from 'mongoose';
import { Clock } from '../src/common/clock';
import {
  customerWithConversation,
  getJson,
  newAgent,
  postJson,
  requestJson,
  startWithSupervisor,
  type Staff,
  type TestGateway,
} from './support/test-gateway';
import {
  startWebhookReceiver,
  type ReceivedDelivery,
  type WebhookReceiver,
} from './support/webhook-receiver';

const SECRET = 'a-webhook-secret-0123456789';
const sign = (raw: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe('webhooks (issue 16)', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let ana: Staff;
  let receiver: WebhookReceiver;
  const hooks: string[] = [];

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor({
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_BASE_MS: '20',
      WEBHOOK_TIMEOUT_MS: '3000',
    }));
    ana = await newAgent(gw, supervisor.token);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await gw.close();
    await receiver.close();
  });
  afterEach(async () => {
    // one webhook at a time: each test reads only its own deliveries
    for (const id of hooks.splice(0))
      await requestJson('DELETE', `${gw.url}/api/webhooks/${id}`, undefined, supervisor.token);
    receiver.received.length = 0;
    receiver.answer = () => 200;
    gw.app.get(Clock).reset();
  });

  const addWebhook = async (body: Record<string, unknown>, token = supervisor.token) => {
    const res = await postJson<WebhookResponse & { message: string }>(`${gw.url}/api/webhooks`, body, token);
    if (res.status === 201) hooks.push(res.body.webhook.id);
    return res;
  };
  const deliveriesOf = async (id: string) =>
    (await getJson<WebhookDeliveriesResponse>(`${gw.url}/api/webhooks/${id}/deliveries`, supervisor.token))
      .body.deliveries;
  const ofConversation = (id: string) =>
    receiver.accepted().filter((d) => {
      const data = d.body.data as { conversation?: { id: string }; message?: { conversationId: string } };
      return data.conversation?.id === id || data.message?.conversationId === id;
    });

  it('supervisors add, list and delete webhooks; the secret is never shown back; agents may not', async () => {
    const added = await addWebhook({ url: receiver.url, events: ['conversation.created'], secret: SECRET });
    expect(added.status).toBe(201);
    expect(added.body.webhook).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      url: receiver.url,
      events: ['conversation.created'],
      createdAt: expect.any(String),
    });
    const listed = await getJson<WebhookListResponse>(`${gw.url}/api/webhooks`, supervisor.token);
    expect(listed.body.webhooks).toEqual([added.body.webhook]);
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    expect((await getJson(`${gw.url}/api/webhooks`, ana.token)).status).toBe(403);
    expect(
      (await addWebhook({ url: receiver.url, events: ['message.created'], secret: SECRET }, ana.token))
        .status,
    ).toBe(403);

    const removed = await requestJson(
      'DELETE',
      `${gw.url}/api/webhooks/${added.body.webhook.id}`,
      undefined,
      supervisor.token,
    );
    expect(removed.status).toBe(204);
    hooks.length = 0;
    expect(
      (await getJson<WebhookListResponse>(`${gw.url}/api/webhooks`, supervisor.token)).body.webhooks,
    ).toEqual([]);
    expect(
      (
        await requestJson(
          'DELETE',
          `${gw.url}/api/webhooks/${added.body.webhook.id}`,
          undefined,
          supervisor.token,
        )
      ).status,
    ).toBe(404);
    expect(
      (await getJson(`${gw.url}/api/webhooks/${added.body.webhook.id}/deliveries`, supervisor.token)).status,
    ).toBe(404);
  });

  it.each([
    ['no events', { url: 'http://127.0.0.1:9/x', events: [], secret: SECRET }],
    ['an unknown event', { url: 'http://127.0.0.1:9/x', events: ['note.added'], secret: SECRET }],
    [
      'a repeated event',
      { url: 'http://127.0.0.1:9/x', events: ['message.created', 'message.created'], secret: SECRET },
    ],
    ['a short secret', { url: 'http://127.0.0.1:9/x', events: ['message.created'], secret: 'short' }],
    ['no secret', { url: 'http://127.0.0.1:9/x', events: ['message.created'] }],
    ['not a URL', { url: 'not a url', events: ['message.created'], secret: SECRET }],
    ['another scheme', { url: 'ftp://127.0.0.1/x', events: ['message.created'], secret: SECRET }],
    [
      'credentials in the URL',
      { url: 'http://user:pw@127.0.0.1:9/x', events: ['message.created'], secret: SECRET },
    ],
    [
      'a host that does not resolve',
      { url: 'http://no-such-host.invalid/x', events: ['message.created'], secret: SECRET },
    ],
    [
      'an unknown field',
      { url: 'http://127.0.0.1:9/x', events: ['message.created'], secret: SECRET, extra: 1 },
    ],
  ])('refuses %s with bad_request and stores nothing', async (_what, body) => {
    const res = await addWebhook(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(
      (await getJson<WebhookListResponse>(`${gw.url}/api/webhooks`, supervisor.token)).body.webhooks,
    ).toEqual([]);
  });

  it('delivers every subscribed event of a conversation, signed, in order, and no private note', async () => {
    const hook = await addWebhook({ url: receiver.url, events: [...WEBHOOK_EVENTS], secret: SECRET });
    const { customer, conversation } = await customerWithConversation(gw, 'where is my order?');
    await typedAgent(ana.socket).ok('conversation.grab', { conversationId: conversation.id });
    const reply = await typedAgent(ana.socket).ok('message.send', {
      conversationId: conversation.id,
      clientMsgId: clientMsgId(),
      text: 'on its way',
    });
    await typedAgent(ana.socket).ok('note.add', {
      conversationId: conversation.id,
      clientMsgId: clientMsgId(),
      text: 'secret-note-text',
    });
    await typedCustomer(customer.socket).ok('conversation.close', { conversationId: conversation.id });
    await typedCustomer(customer.socket).ok('conversation.rate', {
      conversationId: conversation.id,
      score: 5,
    });

    // created, the customer's message, assigned, agent_joined, the reply, closed, closed_by_customer, rated
    const got = await waitFor(
      () => (ofConversation(conversation.id).length >= 8 ? ofConversation(conversation.id) : null),
      {
        timeoutMs: 15_000,
        what: 'eight deliveries',
      },
    );
    await new Promise((r) => setTimeout(r, 500)); // and nothing more
    expect(ofConversation(conversation.id)).toHaveLength(8);
    expect(got.map((d) => d.body.event)).toEqual([
      'conversation.created',
      'message.created',
      'conversation.assigned',
      'message.created',
      'message.created',
      'conversation.closed',
      'message.created',
      'conversation.rated',
    ]);
    for (const d of got) {
      expect(d.headers['x-switchboard-signature']).toBe(sign(d.raw));
      expect(d.headers['x-switchboard-signature']).not.toBe(sign(d.raw, 'another-secret-0123456'));
      expect(d.headers['x-switchboard-event']).toBe(d.body.event);
      expect(d.headers['x-switchboard-delivery']).toBe(d.body.id);
      expect(d.headers['content-type']).toBe('application/json');
      expect(Object.keys(d.body).sort()).toEqual(['createdAt', 'data', 'event', 'id']);
    }
    expect(new Set(got.map((d) => d.body.id)).size).toBe(8);
    const times = got.map((d) => Date.parse(d.body.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(got.some((d) => d.raw.includes('secret-note-text'))).toBe(false);

    const [created, first, assigned] = got;
    expect(created.body.data).toMatchObject({
      conversation: {
        id: conversation.id,
        number: conversation.number,
        artificialType: 'open',
        agentId: null,
      },
      previous: null,
    });
    expect((first.body.data as { message: Message }).message).toMatchObject({
      text: 'where is my order?',
      seq: 1,
    });
    expect(assigned.body.data).toMatchObject({
      conversation: { artificialType: 'serving', agentId: ana.id },
      previous: { artificialType: 'open', agentId: null },
      actorId: ana.id,
    });
    expect(got[4].body).toMatchObject({
      id: reply.id,
      data: { message: { id: reply.id, text: 'on its way' } },
    });
    expect(got[5].body.data).toMatchObject({
      conversation: { artificialType: 'closed', closedBy: 'customer' },
    });
    expect(got[7].body.data).toMatchObject({ conversation: { rating: { score: 5 } } });

    const log = await deliveriesOf(hook.body.webhook.id);
    const mine = log.filter((entry) => got.some((d) => d.body.id === entry.id));
    expect(mine).toHaveLength(8);
    for (const entry of mine) {
      expect(entry).toMatchObject({
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
        lastError: null,
        nextAttemptAt: null,
      });
      expect(entry.responseTimeMs).toEqual(expect.any(Number));
    }
    // a sample for docs/webhooks.md
    const sample = got[2];
    const shown = Object.fromEntries(
      Object.entries(sample.headers).filter(([name]) => name !== 'connection'),
    );
    console.log(
      `POST /hooks\n${Object.entries(shown)
        .map(([n, v]) => `${n}: ${String(v)}`)
        .join('\n')}\n\n${JSON.stringify(JSON.parse(sample.raw), null, 2)}`,
    );
  });

  it('sends only the events a webhook subscribed to', async () => {
    await addWebhook({ url: receiver.url, events: ['conversation.assigned'], secret: SECRET });
    const { conversation } = await customerWithConversation(gw, 'hi');
    await typedAgent(ana.socket).ok('conversation.grab', { conversationId: conversation.id });
    await waitFor(() => ofConversation(conversation.id).length >= 1, {
      timeoutMs: 10_000,
      what: 'the assignment',
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(ofConversation(conversation.id).map((d) => d.body.event)).toEqual(['conversation.assigned']);
    await typedAgent(ana.socket).ok('conversation.close', { conversationId: conversation.id });
  });

  it('marks a message for the outbox only while some webhook listens for message.created', async () => {
    const db = gw.app.get<Connection>(getConnectionToken()).db as mongo.Db;
    const stored = (conversationId: string, seq: number) =>
      db.collection('messages').findOne({ conversationId, seq }, { projection: { webhookPendingAt: 1, text: 1 } });
    const send = (customer: { socket: Parameters<typeof typedCustomer>[0] }, conversationId: string, text: string) =>
      typedCustomer(customer.socket).ok('message.send', { conversationId, clientMsgId: clientMsgId(), text });
    await addWebhook({ url: receiver.url, events: ['conversation.assigned'], secret: SECRET });
    const { customer, conversation } = await customerWithConversation(gw);
    const unheard = await send(customer, conversation.id, 'nobody listens for this one');
    // Nothing to relay: no mark, so nothing for the relay to copy and clear.
    expect(await stored(conversation.id, unheard.seq)).toMatchObject({ text: 'nobody listens for this one' });
    expect((await stored(conversation.id, unheard.seq))?.webhookPendingAt).toBeUndefined();

    await addWebhook({ url: receiver.url, events: ['message.created'], secret: SECRET });
    const heard = await send(customer, conversation.id, 'now someone listens');
    await waitFor(() => ofConversation(conversation.id).length >= 1, {
      timeoutMs: 10_000,
      what: 'the message.created delivery',
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(
      ofConversation(conversation.id).map((d) => [d.body.event, (d.body.data as { message: Message }).message.seq]),
    ).toEqual([['message.created', heard.seq]]);
    // Relayed, then cleared at the source.
    expect((await stored(conversation.id, heard.seq))?.webhookPendingAt).toBeUndefined();
  });

  it('retries a receiver that fails four times, with growing delays, and delivers once', async () => {
    const hook = await addWebhook({ url: receiver.url, events: ['conversation.created'], secret: SECRET });
    const arrivals: number[] = [];
    receiver.answer = () => {
      arrivals.push(Date.now());
      return arrivals.length <= 4 ? 500 : 200;
    };
    const { conversation } = await customerWithConversation(gw);
    await waitFor(() => ofConversation(conversation.id).length === 1, {
      timeoutMs: 15_000,
      what: 'the delivery',
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(5);
    expect(new Set(receiver.received.map((d) => d.body.id)).size).toBe(1);
    expect(new Set(receiver.received.map((d) => d.raw)).size).toBe(1); // the same signed bytes every time
    expect(receiver.accepted()).toHaveLength(1);
    // WEBHOOK_RETRY_BASE_MS=20: retry n waits between 10·2^(n-1) and 20·2^(n-1) ms (plus a poll)
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(10 * 2 ** i - 5));
    const [entry] = await deliveriesOf(hook.body.webhook.id);
    expect(entry).toMatchObject({ status: 'delivered', attempts: 5, lastStatusCode: 200, lastError: null });
  });

  it('records a timeout and a refused connection as failed attempts and keeps trying', async () => {
    const closed = await startWebhookReceiver();
    const url = closed.url;
    await closed.close(); // nothing listens there any more
    const hook = await addWebhook({ url, events: ['conversation.created'], secret: SECRET });
    await customerWithConversation(gw);
    const entry = await waitFor(
      async () => {
        const [first] = await deliveriesOf(hook.body.webhook.id);
        return first && first.attempts >= 2 ? first : null;
      },
      { timeoutMs: 10_000, what: 'two failed attempts' },
    );
    expect(entry).toMatchObject({ status: 'pending', lastStatusCode: null });
    expect(entry.lastError).toMatch(/ECONNREFUSED/);
    expect(entry.nextAttemptAt).toEqual(expect.any(String));
  });

  it('marks a delivery failed when it still fails 24 hours after its event (the clock moved, not waited)', async () => {
    const hook = await addWebhook({ url: receiver.url, events: ['conversation.created'], secret: SECRET });
    receiver.answer = () => 503;
    const { conversation } = await customerWithConversation(gw);
    await waitFor(() => receiver.received.length >= 2, { timeoutMs: 10_000, what: 'two attempts' });
    const [pending] = await deliveriesOf(hook.body.webhook.id);
    expect(pending.status).toBe('pending');
    gw.app.get(Clock).shift(25 * 3600 * 1000);
    const entry = await waitFor(
      async () => {
        const [first] = await deliveriesOf(hook.body.webhook.id);
        return first?.status === 'failed' ? first : null;
      },
      { timeoutMs: 10_000, what: 'the delivery marked failed' },
    );
    expect(entry).toMatchObject({ lastStatusCode: 503, lastError: 'HTTP 503', nextAttemptAt: null });
    const tried = receiver.received.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(receiver.received).toHaveLength(tried); // no more attempts
    expect(ofConversation(conversation.id)).toHaveLength(0);
  });

  it('a receiver that holds every request does not slow message.send', async () => {
    await addWebhook({ url: receiver.url, events: ['message.created'], secret: SECRET });
    const release: Array<() => void> = [];
    receiver.answer = () => new Promise<number>((resolve) => release.push(() => resolve(200)));
    const { customer, conversation } = await customerWithConversation(gw, 'the first message, held');
    const timed = async () => {
      const started = performance.now();
      await typedCustomer(customer.socket).ok('message.send', {
        conversationId: conversation.id,
        clientMsgId: clientMsgId(),
        text: 'hello?',
      });
      return performance.now() - started;
    };
    await waitFor(() => receiver.holding() >= 1, { timeoutMs: 10_000, what: 'a held delivery' });
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) latencies.push(await timed());
    // every send acked while the receiver was still holding a delivery
    expect(receiver.holding()).toBeGreaterThanOrEqual(1);
    expect(Math.max(...latencies)).toBeLessThan(1000);
    console.log(
      `message.send acks while the receiver holds: ${latencies.map((l) => l.toFixed(1)).join(', ')} ms`,
    );
    for (const go of release.splice(0)) go();
    receiver.answer = () => 200;
    await waitFor(() => ofConversation(conversation.id).length >= 6, {
      timeoutMs: 15_000,
      what: 'all delivered once released',
    });
    await typedCustomer(customer.socket).ok('conversation.close', { conversationId: conversation.id });
  });
});

describe('webhook targets without WEBHOOK_ALLOW_PRIVATE (server-side request forgery)', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  beforeAll(async () => ({ gw, supervisor } = await startWithSupervisor()));
  afterAll(() => gw.close());

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://10.1.2.3/hook',
    'http://192.168.1.1/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://0.0.0.0/hook',
  ])('refuses %s', async (url) => {
    const res = await postJson<{ error: string; message: string }>(
      `${gw.url}/api/webhooks`,
      { url, events: ['message.created'], secret: SECRET },
      supervisor.token,
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('Bad Request');
    expect(res.body.message).toMatch(/private address/);
    expect(
      (await getJson<WebhookListResponse>(`${gw.url}/api/webhooks`, supervisor.token)).body.webhooks,
    ).toEqual([]);
  });
});

export type { Conversation, ReceivedDelivery };
