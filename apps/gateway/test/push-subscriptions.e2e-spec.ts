// Web Push subscriptions (docs/agent-console.md, "Push notifications"): POST/GET/DELETE /api/push-subscriptions.
import { getModelToken } from '@nestjs/mongoose';
import {
  PUSH_SUBSCRIPTION_LIMITS,
  type PushSubscriptionAnswer,
  type PushSubscriptionList,
} from '@switchboard/protocol';
import { customerToken, loginAs } from '@switchboard/testing';
import type { Model } from 'mongoose';
import { PushSubscriptionDocument } from '../src/push-subscriptions/schemas/push-subscription.schema';
import {
  getJson,
  requestJson,
  startTestGateway,
  TEST_PASSWORD,
  type TestGateway,
} from './support/test-gateway';

interface ErrorBody {
  statusCode: number;
  message: string | string[];
}

/** What a browser's PushSubscription.toJSON() looks like (a P-256 key and a 16-byte secret, base64url). */
const subscription = (n: number) => ({
  endpoint: `https://push.example.net/send/device-${n}`,
  expirationTime: null,
  keys: {
    p256dh: `B${'x'.repeat(85)}${n % 10}`,
    auth: `secret-${n.toString().padStart(15, '0')}`,
  },
});

describe('push subscriptions', () => {
  let gw: TestGateway;
  let ana: string;
  let bo: string;
  let anaId: string;
  let boId: string;
  let stored: Model<PushSubscriptionDocument>;
  const url = (id?: string) => `${gw.url}/api/push-subscriptions${id ? `/${id}` : ''}`;
  const subscribe = (token: string, body: unknown) =>
    requestJson<PushSubscriptionAnswer & ErrorBody>('POST', url(), body, token);
  const list = async (token: string) => {
    const answer = await getJson<PushSubscriptionList>(url(), token);
    expect(answer.status).toBe(200);
    return answer.body.pushSubscriptions;
  };

  beforeAll(async () => {
    gw = await startTestGateway();
    const [a, b] = await Promise.all([
      loginAs(gw.url, 'agent1@example.com', TEST_PASSWORD),
      loginAs(gw.url, 'agent2@example.com', TEST_PASSWORD),
    ]);
    [ana, bo, anaId, boId] = [a.token, b.token, a.user.id, b.user.id];
    stored = gw.app.get<Model<PushSubscriptionDocument>>(getModelToken(PushSubscriptionDocument.name));
  });
  afterAll(() => gw?.close());

  it("stores a browser's subscription for the caller, lists it without its keys, and removes it", async () => {
    const answer = await subscribe(ana, { ...subscription(1), expirationTime: Date.UTC(2030, 0, 1) });
    expect(answer.status).toBe(201);
    expect(answer.body.pushSubscription).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      endpoint: subscription(1).endpoint,
      expirationTime: '2030-01-01T00:00:00.000Z',
      createdAt: expect.any(String),
    });
    expect(await list(ana)).toEqual([answer.body.pushSubscription]);
    expect(await list(bo)).toEqual([]);
    // What a sender needs is kept: the keys, for its owner.
    const record = await stored
      .findOne({ endpoint: subscription(1).endpoint })
      .lean()
      .exec();
    expect(record).toMatchObject({
      userId: anaId,
      p256dh: subscription(1).keys.p256dh,
      auth: subscription(1).keys.auth,
    });

    // Someone else's cannot be removed (answered as missing); the owner's can, once.
    const id = answer.body.pushSubscription.id;
    expect((await requestJson('DELETE', url(id), undefined, bo)).status).toBe(404);
    expect((await requestJson('DELETE', url(id), undefined, ana)).status).toBe(204);
    expect((await requestJson('DELETE', url(id), undefined, ana)).status).toBe(404);
    expect(await list(ana)).toEqual([]);
  });

  it('keeps one subscription per browser: stored again, by someone else signing in there, it moves to them', async () => {
    await subscribe(ana, subscription(2));
    await subscribe(ana, subscription(2));
    expect((await list(ana)).map((s) => s.endpoint)).toEqual([subscription(2).endpoint]);
    const moved = await subscribe(bo, subscription(2));
    expect(moved.status).toBe(201);
    expect(await list(ana)).toEqual([]);
    expect((await list(bo)).map((s) => s.endpoint)).toEqual([subscription(2).endpoint]);
    expect(await stored.countDocuments({ endpoint: subscription(2).endpoint }).exec()).toBe(1);
    expect(
      (
        await stored
          .findOne({ endpoint: subscription(2).endpoint })
          .lean()
          .exec()
      )?.userId,
    ).toBe(boId);
  });

  it(`keeps a person's newest ${PUSH_SUBSCRIPTION_LIMITS.perUser} subscriptions`, async () => {
    for (let n = 100; n < 100 + PUSH_SUBSCRIPTION_LIMITS.perUser + 2; n++)
      expect((await subscribe(ana, subscription(n))).status).toBe(201);
    const kept = await list(ana);
    expect(kept).toHaveLength(PUSH_SUBSCRIPTION_LIMITS.perUser);
    expect(kept.map((s) => s.endpoint)).not.toContain(subscription(100).endpoint);
    expect(kept.map((s) => s.endpoint)).toContain(
      subscription(100 + PUSH_SUBSCRIPTION_LIMITS.perUser + 1).endpoint,
    );
  });

  it('refuses what is not a push subscription with bad_request, and stores nothing', async () => {
    const before = await stored.countDocuments().exec();
    const bad: unknown[] = [
      {},
      { ...subscription(3), endpoint: 'http://push.example.net/plain-http' },
      { ...subscription(3), endpoint: 'not a url' },
      {
        ...subscription(3),
        endpoint: `https://push.example.net/${'a'.repeat(PUSH_SUBSCRIPTION_LIMITS.endpointMaxLength)}`,
      },
      { ...subscription(3), keys: { p256dh: 'has spaces in it', auth: 'abc' } },
      { ...subscription(3), keys: { p256dh: subscription(3).keys.p256dh } },
      { ...subscription(3), keys: { ...subscription(3).keys, extra: 'x' } },
      { ...subscription(3), keys: 'p256dh' },
      { ...subscription(3), expirationTime: 'tomorrow' },
      { ...subscription(3), userId: anaId },
    ];
    for (const body of bad) {
      const answer = await subscribe(ana, body);
      expect({ body, status: answer.status }).toEqual({ body, status: 400 });
    }
    expect(await stored.countDocuments().exec()).toBe(before);
    expect((await requestJson('DELETE', url('not-an-id'), undefined, ana)).status).toBe(400);
  });

  it('is for the staff only: no token 401, a customer 403', async () => {
    expect((await subscribe('', subscription(4))).status).toBe(401);
    const customer = await customerToken(gw.url, { name: 'Cora' });
    expect((await subscribe(customer.token, subscription(4))).status).toBe(403);
    expect((await getJson(url(), customer.token)).status).toBe(403);
  });
});
