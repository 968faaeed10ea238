// Issue 16, slice "webhooks": at least once and not twice across nodes and crashes. Two gateways on one database
// deliver each event once (one holds the lease); a gateway killed with SIGKILL while deliveries are pending
// delivers them all after its restart (its successor waits out the dead node's lease). Real receiver on 127.0.0.1.
import type { WebhookDeliveriesResponse, WebhookResponse } from '@switchboard/protocol';
import {
  clientMsgId,
  connectCustomer,
  customerToken,
  loginAs,
  startGatewayProcess,
  typedCustomer,
  waitFor,
  type GatewayProcess,
} from '@switchboard/testing';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.service';
import { startSharedBackends, type SharedBackends } from './support/shared-backends';
import {
  customerWithConversation,
  getJson,
  postJson,
  startTestGateway,
  TEST_PASSWORD,
  type TestGateway,
} from './support/test-gateway';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver';

const SECRET = 'a-webhook-secret-0123456789';
const WEBHOOK_ENV = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_LEASE_MS: '1500',
};
const EVENTS = ['conversation.created', 'message.created'];

async function addWebhook(url: string, token: string, receiver: WebhookReceiver) {
  const res = await postJson<WebhookResponse>(
    `${url}/api/webhooks`,
    { url: receiver.url, events: EVENTS, secret: SECRET },
    token,
  );
  expect(res.status).toBe(201);
  return res.body.webhook;
}

/** Every id answered 2xx once and only once, and nothing received twice. */
function expectEachOnce(receiver: WebhookReceiver, ids: string[]) {
  const accepted = receiver.accepted().map((d) => d.body.id);
  for (const id of ids) expect(accepted.filter((a) => a === id)).toHaveLength(1);
}

describe('webhooks on two gateways', () => {
  let backends: SharedBackends;
  let a: TestGateway;
  let b: TestGateway;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    backends = await startSharedBackends();
    const env = { ...backends.env, ...WEBHOOK_ENV };
    [a, b] = await Promise.all([startTestGateway(env), startTestGateway(env)]);
    receiver = await startWebhookReceiver();
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await backends?.stop();
    await receiver?.close();
  }, 60_000);

  it('delivers each event exactly once, from the one node holding the lease', async () => {
    const supervisor = await loginAs(a.url, 'supervisor@example.com', TEST_PASSWORD);
    await addWebhook(b.url, supervisor.token, receiver);
    const ids: string[] = [];
    const conversations: string[] = [];
    for (const gw of [a, b, a, b]) {
      const { customer, conversation } = await customerWithConversation(gw, 'hello');
      conversations.push(conversation.id);
      for (let i = 0; i < 5; i++) {
        const sent = await typedCustomer(customer.socket).ok('message.send', {
          conversationId: conversation.id,
          clientMsgId: clientMsgId(),
          text: `m${i}`,
        });
        ids.push(sent.id);
      }
    }
    const deliveredIds = () => new Set(receiver.accepted().map((d) => d.body.id));
    await waitFor(
      () =>
        ids.every((id) => deliveredIds().has(id)) &&
        receiver.accepted().filter((d) => d.body.event === 'conversation.created').length >= 4,
      {
        timeoutMs: 60_000,
        what: 'every event delivered',
      },
    );
    await new Promise((r) => setTimeout(r, 1000)); // time for a duplicate to show
    expectEachOnce(receiver, ids);
    const created = receiver.accepted().filter((d) => d.body.event === 'conversation.created');
    expect(
      created.map((d) => (d.body.data as { conversation: { id: string } }).conversation.id).sort(),
    ).toEqual([...conversations].sort());
    // 4 conversations × (created + the first message + 5 sends), each received once
    expect(receiver.received).toHaveLength(4 * 7);
    const delivering = [a, b].filter((gw) => gw.app.get(WebhookDispatcher).isDelivering);
    expect(delivering).toHaveLength(1);
  }, 120_000);

  it('the other node takes over when the one delivering stops', async () => {
    const [holder, other] = a.app.get(WebhookDispatcher).isDelivering ? [a, b] : [b, a];
    await holder.close();
    const { customer, conversation } = await customerWithConversation(other, 'after the holder left');
    const sent = await typedCustomer(customer.socket).ok('message.send', {
      conversationId: conversation.id,
      clientMsgId: clientMsgId(),
      text: 'still heard',
    });
    await waitFor(() => receiver.accepted().some((d) => d.body.id === sent.id), {
      timeoutMs: 15_000,
      what: 'delivery by the other node',
    });
    expect(other.app.get(WebhookDispatcher).isDelivering).toBe(true);
    if (holder === a) a = undefined as unknown as TestGateway;
    else b = undefined as unknown as TestGateway;
  }, 60_000);
});

describe('webhooks across a SIGKILL', () => {
  let gateway: GatewayProcess;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    gateway = await startGatewayProcess({ env: WEBHOOK_ENV, startTimeoutMs: 90_000 });
    receiver = await startWebhookReceiver(() => 503);
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    await receiver?.close();
  });

  it('delivers every pending event after the restart, none lost and none twice', async () => {
    const supervisor = await loginAs(gateway.url, 'supervisor@example.com', gateway.demoPassword);
    const hook = await addWebhook(gateway.url, supervisor.token, receiver);
    const visitor = await customerToken(gateway.url, { name: 'Kim' });
    const socket = await connectCustomer(gateway.url, visitor.token);
    const customer = typedCustomer(socket);
    const ids: string[] = [];
    try {
      const conversation = await customer.ok('conversation.start', { text: 'before the crash' });
      for (let i = 0; i < 12; i++) {
        const sent = await customer.ok('message.send', {
          conversationId: conversation.id,
          clientMsgId: clientMsgId(),
          text: `m${i}`,
        });
        ids.push(sent.id);
      }
      // the receiver refuses: deliveries are pending, some retried, when the process dies
      await waitFor(() => receiver.received.length >= 2, { timeoutMs: 15_000, what: 'failed attempts' });
      await gateway.kill('SIGKILL');
    } finally {
      socket.close();
    }
    expect(receiver.accepted()).toHaveLength(0);
    receiver.answer = () => 200;
    await gateway.restart();
    const delivered = () => new Set(receiver.accepted().map((d) => d.body.id));
    await waitFor(
      () =>
        ids.every((id) => delivered().has(id)) &&
        receiver.accepted().some((d) => d.body.event === 'conversation.created'),
      {
        timeoutMs: 40_000,
        what: 'every event after the restart',
      },
    );
    await new Promise((r) => setTimeout(r, 1000));
    expectEachOnce(receiver, ids);
    // created + 'before the crash' + 12 sends
    expect(new Set(receiver.accepted().map((d) => d.body.id)).size).toBe(14);
    expect(receiver.accepted()).toHaveLength(14);
    const log = await getJson<WebhookDeliveriesResponse>(
      `${gateway.url}/api/webhooks/${hook.id}/deliveries`,
      supervisor.token,
    );
    expect(log.body.deliveries).toHaveLength(14);
    expect(log.body.deliveries.every((d) => d.status === 'delivered')).toBe(true);
  }, 180_000);
});
