// Issue 14, slice "labels": blocking a visitor (PROTOCOL section 8). customer.block closes the live conversation with
// `closed_blocked`; the blocked customer's conversation.start and message.send answer forbidden/blocked, also from a
// new visitorId asked for with the same customer token; supervisors list and lift blocks.
import { JwtService } from '@nestjs/jwt';
import {
  CLIENT_EVENTS,
  type AgentSummary,
  type BlockedCustomersResponse,
  type Conversation,
  type CustomerAuthResponse,
  type Message,
} from '@switchboard/protocol';
import { clientMsgId, connectCustomer, customerToken, typedAgent, typedCustomer } from '@switchboard/testing';
import {
  customerWithConversation,
  getJson,
  newAgent,
  newCustomer,
  postJson,
  startWithSupervisor,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

describe('blocking a visitor (issue 14)', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let ana: Staff;
  let bo: Staff;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    ana = await newAgent(gw, supervisor.token);
    bo = await newAgent(gw, supervisor.token);
  });
  afterAll(() => gw.close());

  const servingOf = async (agent: Staff) =>
    (await getJson<AgentSummary[]>(`${gw.url}/api/users?role=agent`, supervisor.token)).body.find((a) => a.id === agent.id)
      ?.serving;

  /** A conversation Ana serves, with its customer. */
  async function servedByAna() {
    const { customer, conversation } = await customerWithConversation(gw, 'you are all useless');
    await typedAgent(ana.socket).ok('conversation.grab', { conversationId: conversation.id });
    return { customer, conversation };
  }

  it('closes the live conversation with closed_blocked and frees the agent, and the customer is refused after', async () => {
    const { customer, conversation } = await servedByAna();
    expect(await servingOf(ana)).toBe(1);
    const asCustomer = typedCustomer(customer.socket);
    const closedHeard = asCustomer.next('conversation.updated', (c) => c.artificialType === 'closed');
    const systemHeard = asCustomer.next('message.new', (m) => m.kind === 'system' && m.system?.code === 'closed_blocked');

    const block = await typedAgent(ana.socket).ok('customer.block', { customerId: customer.id, reason: '  abusive language ' });
    expect(block).toEqual({
      customer: { id: customer.id, name: 'Cora', type: null },
      reason: 'abusive language',
      blockedAt: expect.any(String),
      blockedBy: { id: ana.id, name: ana.login.user.name },
    });
    const closed = await closedHeard;
    expect(closed).toMatchObject({ id: conversation.id, artificialType: 'closed', closedBy: 'system' });
    const system = await systemHeard;
    expect(system.text).toBe('Closed: the visitor was blocked');
    expect(await servingOf(ana)).toBe(0);

    const started = await asCustomer.ack('conversation.start', {});
    expect(started).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'blocked' } } });
    const sent = await asCustomer.ack('message.send', { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'hi' });
    expect(sent).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'blocked' } } });

    // a new tab (the same visitorId) is the same blocked customer
    const again = await customerToken(gw.url, { visitorId: customer.visitorId });
    expect(again.customer.id).toBe(customer.id);
    const tab = typedCustomer(gw.track(await connectCustomer(gw.url, again.token)));
    expect(await tab.ack('conversation.start', { text: 'let me in' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', details: { reason: 'blocked' } },
    });
  });

  it('refuses a new visitorId to a browser that shows the blocked customer’s token, and lists the block', async () => {
    const { customer } = await servedByAna();
    await typedAgent(ana.socket).ok('customer.block', { customerId: customer.id, reason: 'spam' });
    for (const body of [{}, { visitorId: 'a-visitor-id-nobody-has-123456789' }, { name: 'Someone new' }]) {
      const fresh = await postJson<{ statusCode: number; reason: string }>(`${gw.url}/api/auth/customer`, body, customer.token);
      expect(fresh.status).toBe(403);
      expect(fresh.body.reason).toBe('blocked');
    }
    // an expired token still shows whose browser it is (it lets nobody in: it only refuses a new identity)
    const expired = await gw.app
      .get(JwtService)
      .signAsync({ sub: customer.id, role: 'customer', ver: 0 }, { algorithm: 'HS256', expiresIn: -60 });
    const late = await postJson<{ reason: string }>(`${gw.url}/api/auth/customer`, {}, expired);
    expect(late.status).toBe(403);
    expect(late.body.reason).toBe('blocked');
    expect((await getJson(`${gw.url}/api/conversations/${'0'.repeat(24)}`, expired)).status).toBe(401);
    // without the token it is a new visitor (docs/security.md says why this cannot be promised)
    const stranger = await postJson<CustomerAuthResponse>(`${gw.url}/api/auth/customer`, {});
    expect(stranger.status).toBe(200);
    expect(stranger.body.customer.id).not.toBe(customer.id);

    const listed = await getJson<BlockedCustomersResponse>(`${gw.url}/api/customers/blocked`, supervisor.token);
    expect(listed.status).toBe(200);
    expect(listed.body.blocked[0]).toMatchObject({ customer: { id: customer.id }, reason: 'spam', blockedBy: { id: ana.id } });
    expect((await getJson(`${gw.url}/api/customers/blocked`, ana.token)).status).toBe(403);
    expect((await getJson(`${gw.url}/api/customers/blocked`, customer.token)).status).toBe(403);
  });

  it('is lifted by a supervisor only, and the customer may chat again', async () => {
    const { customer } = await servedByAna();
    await typedAgent(supervisor.socket).ok('customer.block', { customerId: customer.id, reason: 'threats' });
    const byAgent = await typedAgent(ana.socket).ack('customer.unblock', { customerId: customer.id });
    expect(byAgent).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'wrong_role' } } });

    expect(await typedAgent(supervisor.socket).ok('customer.unblock', { customerId: customer.id })).toEqual({
      customerId: customer.id,
      blocked: false,
    });
    // lifting it again changes nothing and says the same
    expect((await typedAgent(supervisor.socket).ok('customer.unblock', { customerId: customer.id })).blocked).toBe(false);
    const listed = await getJson<BlockedCustomersResponse>(`${gw.url}/api/customers/blocked`, supervisor.token);
    expect(listed.body.blocked.map((b) => b.customer.id)).not.toContain(customer.id);

    const asCustomer = typedCustomer(customer.socket);
    const next = await asCustomer.ok('conversation.start', { text: 'sorry about before' });
    expect(next.artificialType).toBe('open');
    const message = await asCustomer.ok('message.send', { conversationId: next.id, clientMsgId: clientMsgId(), text: 'hello' });
    expect((message as Message).text).toBe('hello');
    const resumed = await postJson<CustomerAuthResponse>(`${gw.url}/api/auth/customer`, {}, customer.token);
    expect(resumed.status).toBe(200);
  });

  it('closes a conversation still in the queue, and blocking twice keeps the first block', async () => {
    const { customer, conversation } = await customerWithConversation(gw);
    // any agent sees a queued conversation, so may block its customer
    const first = await typedAgent(bo.socket).ok('customer.block', { customerId: customer.id, reason: 'first' });
    const read = await getJson<Conversation>(`${gw.url}/api/conversations/${conversation.id}`, supervisor.token);
    expect(read.body.artificialType).toBe('closed');
    const second = await typedAgent(supervisor.socket).ok('customer.block', { customerId: customer.id, reason: 'second' });
    expect(second).toEqual(first);
  });

  it('refuses agents who cannot see any of the customer’s conversations', async () => {
    const { customer, conversation } = await servedByAna();
    const refused = await typedAgent(bo.socket).ack('customer.block', { customerId: customer.id, reason: 'no' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', details: { reason: 'not_assignee' } } });
    const still = await getJson<Conversation>(`${gw.url}/api/conversations/${conversation.id}`, ana.token);
    expect(still.body.artificialType).toBe('serving');
    // a customer without any conversation: only a supervisor
    const quiet = await newCustomer(gw, 'Quiet');
    expect(await typedAgent(ana.socket).ack('customer.block', { customerId: quiet.id, reason: 'no' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await typedAgent(supervisor.socket).ok('customer.block', { customerId: quiet.id, reason: 'pre-emptive' })).reason).toBe(
      'pre-emptive',
    );
  });

  it('refuses unknown customers, staff, customers’ sockets and malformed payloads', async () => {
    const agent = typedAgent(ana.socket);
    expect(await agent.ack('customer.block', { customerId: '0'.repeat(24), reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await typedAgent(supervisor.socket).ack('customer.block', { customerId: bo.id, reason: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await typedAgent(supervisor.socket).ack('customer.unblock', { customerId: '0'.repeat(24) })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const { customer } = await servedByAna();
    for (const payload of [
      { customerId: customer.id },
      { customerId: customer.id, reason: '   ' },
      { customerId: customer.id, reason: 'x'.repeat(501) },
      { customerId: customer.id, reason: 5 },
      { customerId: { $ne: '' }, reason: 'x' },
      { customerId: customer.id, reason: 'x', extra: 1 },
    ]) {
      const answer = await ana.socket.timeout(5000).emitWithAck(CLIENT_EVENTS.customerBlock, payload);
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(await ana.socket.timeout(5000).emitWithAck(CLIENT_EVENTS.customerUnblock, { customerId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
    const fromCustomer = await customer.socket
      .timeout(5000)
      .emitWithAck(CLIENT_EVENTS.customerBlock, { customerId: customer.id, reason: 'me' });
    expect(fromCustomer).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'unknown event' } });
    // none of these blocked anyone
    const sent = await typedCustomer(customer.socket).ack('message.send', {
      conversationId: (await typedCustomer(customer.socket).ok('conversation.current', {}))!.id,
      clientMsgId: clientMsgId(),
      text: 'still here',
    });
    expect(sent.ok).toBe(true);
  });
});
