// Issue 16, verified customers (PROTOCOL section 11): POST /api/auth/customer { userId, userHash } with a valid
// hash signs in one customer record on every device, with one history; each kind of invalid identity is refused.
import {
  CLIENT_EVENTS,
  type Conversation,
  type CustomerAuthResponse,
  type CustomerProfileResponse,
  type Message,
} from '@switchboard/protocol';
import { clientMsgId, connectCustomer, typedAgent, typedCustomer } from '@switchboard/testing';
import { createHmac } from 'node:crypto';
import { getJson, postJson, startTestGateway, startWithSupervisor, type Staff, type TestGateway } from './support/test-gateway';

const SECRET = 'identity-secret-for-tests-0123456789abcdef';
const hashOf = (userId: string, secret = SECRET) => createHmac('sha256', secret).update(userId).digest('hex');

describe('verified customers (issue 16)', () => {
  let gw: TestGateway;
  let supervisor: Staff;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor({ IDENTITY_SECRET: SECRET }));
  });
  afterAll(() => gw.close());

  const signIn = (body: unknown) => postJson<CustomerAuthResponse & { statusCode?: number; code?: string; reason?: string }>(`${gw.url}/api/auth/customer`, body);

  it('signs in the same customer on two devices, who see one conversation and its history', async () => {
    const userId = 'crm-user-1001';
    const laptop = await signIn({ userId, userHash: hashOf(userId), name: 'Lena Park', email: 'lena@example.com', attributes: { plan: 'gold', orders: 12 } });
    expect(laptop.status).toBe(200);
    const phone = await signIn({ userId, userHash: hashOf(userId).toUpperCase() });
    expect(phone.status).toBe(200);
    expect(phone.body.customer.id).toBe(laptop.body.customer.id);
    expect(phone.body.customer.name).toBe('Lena Park');
    // each device has its own visitorId, and neither signs the verified customer in without the hash
    expect(phone.body.visitorId).not.toBe(laptop.body.visitorId);
    const byVisitorId = await signIn({ visitorId: laptop.body.visitorId });
    expect(byVisitorId.status).toBe(200);
    expect(byVisitorId.body.customer.id).not.toBe(laptop.body.customer.id);

    const onLaptop = typedCustomer(gw.track(await connectCustomer(gw.url, laptop.body.token)));
    const conversation = await onLaptop.ok(CLIENT_EVENTS.conversationStart, {});
    await onLaptop.ok(CLIENT_EVENTS.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'Where is my order 4471?' });

    const onPhone = typedCustomer(gw.track(await connectCustomer(gw.url, phone.body.token)));
    const current = (await onPhone.ok(CLIENT_EVENTS.conversationCurrent, {})) as Conversation | null;
    expect(current?.id).toBe(conversation.id);
    const history = await getJson<{ messages: Message[] }>(`${gw.url}/api/conversations/${conversation.id}/messages`, phone.body.token);
    expect(history.body.messages.map((m) => m.text)).toContain('Where is my order 4471?');

    const profile = await getJson<CustomerProfileResponse>(`${gw.url}/api/customers/${laptop.body.customer.id}`, supervisor.token);
    expect(profile.body.customer).toMatchObject({ verified: true, name: 'Lena Park', email: 'lena@example.com', attributes: { plan: 'gold', orders: 12 } });
  });

  it('refuses a wrong hash, a hash for another userId and a userId without a hash with 401 identity_invalid', async () => {
    const cases = [
      { userId: 'crm-user-2002', userHash: hashOf('crm-user-2002', 'another-secret-entirely-0123456789') },
      { userId: 'crm-user-2002', userHash: hashOf('crm-user-2003') },
      { userId: 'crm-user-2002', userHash: 'not-hex' },
      { userId: 'crm-user-2002', userHash: '' },
      { userId: 'crm-user-2002' },
      { userId: 'crm-user-2002', visitorId: 'anything' },
    ];
    for (const body of cases) {
      const answer = await signIn(body);
      expect({ body, status: answer.status, code: answer.body.code, reason: answer.body.reason }).toEqual({
        body,
        status: 401,
        code: 'identity_invalid',
        reason: 'identity_invalid',
      });
    }
  });

  it('refuses a userHash without a userId, and a malformed userId, as bad requests', async () => {
    expect((await signIn({ userHash: hashOf('x') })).status).toBe(400);
    expect((await signIn({ userId: '   ', userHash: hashOf('   ') })).status).toBe(400);
    expect((await signIn({ userId: 'u'.repeat(201), userHash: hashOf('u'.repeat(201)) })).status).toBe(400);
    expect((await signIn({ userId: 42, userHash: hashOf('42') })).status).toBe(400);
  });

  it('refuses a blocked verified customer on every device', async () => {
    const userId = 'crm-user-3003';
    const first = await signIn({ userId, userHash: hashOf(userId) });
    await typedAgent(supervisor.socket).ok(CLIENT_EVENTS.customerBlock, { customerId: first.body.customer.id, reason: 'abuse' });
    const again = await signIn({ userId, userHash: hashOf(userId) });
    expect(again.status).toBe(403);
    expect(again.body.reason).toBe('blocked');
  });

  it('makes one record when two devices sign in for the first time at once', async () => {
    const userId = 'crm-user-4004';
    const answers = await Promise.all(Array.from({ length: 4 }, () => signIn({ userId, userHash: hashOf(userId) })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.customer.id)).size).toBe(1);
  });
});

describe('verified customers without IDENTITY_SECRET', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());

  it('refuses any userId with 400: an unverified claim is never trusted', async () => {
    const answer = await postJson<{ statusCode: number }>(`${gw.url}/api/auth/customer`, { userId: 'crm-user-1', userHash: hashOf('crm-user-1') });
    expect(answer.status).toBe(400);
    // anonymous visitors still work
    expect((await postJson(`${gw.url}/api/auth/customer`, { name: 'Ann' })).status).toBe(200);
  });
});
