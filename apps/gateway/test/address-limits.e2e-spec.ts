// Issue 10, attack 3 (the per-address half): 500 anonymous conversations from one address pushed real customers
// out of sight. POST /api/auth/customer and conversation.start (a new conversation) are bounded per address;
// behind a proxy the address comes from X-Forwarded-For only when TRUST_PROXY names the proxy.
import { CLIENT_EVENTS, NAMESPACES, type Ack, type Conversation, type CustomerAuthResponse } from '@switchboard/protocol';
import { emitAck, emitOk } from '@switchboard/testing';
import { io, type Socket } from 'socket.io-client';
import { inventedAddress, post, type RawAnswer } from './support/sign-in';
import { startTestGateway, type TestGateway } from './support/test-gateway';

const E = CLIENT_EVENTS;

const customerAuth = (gw: TestGateway, from: string | null, body: object = {}) =>
  post<CustomerAuthResponse>(`${gw.url}/api/auth/customer`, body, from ? { 'x-forwarded-for': from } : {});

/** A customer socket whose handshake carries X-Forwarded-For, as nginx would send it. */
function connectFrom(gw: TestGateway, token: string, from: string): Promise<Socket> {
  const socket = gw.track(
    io(gw.url + NAMESPACES.customer, {
      auth: { token },
      transports: ['websocket'],
      extraHeaders: { 'x-forwarded-for': from },
      forceNew: true,
      reconnection: false,
    }),
  );
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function newCustomerFrom(gw: TestGateway, from: string): Promise<Socket> {
  const auth = await customerAuth(gw, from, { name: 'Spam' });
  if (auth.status !== 200) throw new Error(`POST /api/auth/customer → ${auth.status}`);
  return connectFrom(gw, auth.body.token, from);
}

/** Runs `count` calls, `width` at a time. */
async function inWaves<T>(count: number, width: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += width) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, j) => call(start + j)))));
  }
  return results;
}

describe('per-address limits behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ TRUST_PROXY: 'loopback', CUSTOMER_AUTH_LIMIT: '20', CONVERSATION_START_LIMIT: '5' });
  });
  afterAll(() => gw?.close());

  it('the spam attack: 300 anonymous customers from one address, refused after 20; another address still gets through', async () => {
    const spammer = '198.51.100.66';
    const answers: RawAnswer<CustomerAuthResponse>[] = await inWaves(300, 25, () => customerAuth(gw, spammer));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(20);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(280);
    for (const answer of refused) {
      expect(answer.body).toEqual({
        statusCode: 429,
        message: 'too many new visitors from this address; try again later',
        error: 'Too Many Requests',
      });
      expect(answer.retryAfter).toBeGreaterThan(500);
      expect(answer.retryAfter).toBeLessThanOrEqual(600);
    }
    // a returning visitor from the same address resumes: only new visitors count
    const returning = answers.find((a) => a.status === 200)!.body;
    const resumed = await customerAuth(gw, spammer, { visitorId: returning.visitorId });
    expect(resumed.status).toBe(200);
    expect(resumed.body.customer.id).toBe(returning.customer.id);

    // a real customer behind the same proxy, from their own address, is not affected
    const real = await newCustomerFrom(gw, '198.51.100.77');
    expect((await emitOk<Conversation>(real, E.conversationStart, { text: 'I need help' })).artificialType).toBe('open');
  });

  it('conversation.start: new conversations per address are bounded; the live one is returned without counting', async () => {
    const spammer = '192.0.2.10';
    const first = await newCustomerFrom(gw, spammer);
    const live = await emitOk<Conversation>(first, E.conversationStart, {});
    // asking again answers the same live conversation, and counts nothing
    for (let i = 0; i < 6; i++) expect((await emitOk<Conversation>(first, E.conversationStart, {})).id).toBe(live.id);
    const others = await Promise.all(Array.from({ length: 6 }, () => newCustomerFrom(gw, spammer)));
    const acks = [];
    for (const socket of others) acks.push(await emitAck<Conversation>(socket, E.conversationStart, { text: 'spam' }));
    expect(acks.slice(0, 4).every((a) => a.ok)).toBe(true); // 1 + 4 = the limit of 5
    const refusedAck = acks[4] as Extract<Ack<Conversation>, { ok: false }>;
    expect(refusedAck).toEqual({
      ok: false,
      error: {
        code: 'rate_limited',
        message: 'too many new conversations from this address; try again later',
        details: { retryAfterSeconds: expect.any(Number) },
      },
    });
    expect((refusedAck.error.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(500);
    expect(acks[5].ok).toBe(false);
    // a refused start changed nothing: that customer has no conversation
    expect(await emitOk(others[4], E.conversationCurrent, {})).toBeNull();

    // another forwarded address starts one at once
    const elsewhere = await newCustomerFrom(gw, '192.0.2.11');
    expect((await emitAck(elsewhere, E.conversationStart, {})).ok).toBe(true);
  });
});

describe('per-address limits without TRUST_PROXY', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ CUSTOMER_AUTH_LIMIT: '5', CONVERSATION_START_LIMIT: '3' });
  });
  afterAll(() => gw?.close());

  it('an invented X-Forwarded-For does not change the counted address, on REST or on the socket handshake', async () => {
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await customerAuth(gw, inventedAddress()));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    // an unknown visitorId makes a new visitor, so it counts too
    expect((await customerAuth(gw, null, { visitorId: 'made-up' })).status).toBe(429);

    // the five customers start conversations, each socket claiming another address: 3 are let through
    const sockets = await Promise.all(answers.slice(0, 5).map((a) => connectFrom(gw, a.body.token, inventedAddress())));
    const acks = [];
    for (const socket of sockets) acks.push(await emitAck(socket, E.conversationStart, {}));
    expect(acks.map((a) => (a.ok ? 'ok' : a.error.code))).toEqual(['ok', 'ok', 'ok', 'rate_limited', 'rate_limited']);
  });
});
