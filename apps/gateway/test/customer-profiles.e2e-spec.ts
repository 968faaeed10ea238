// Issue 14, slice "profile" (PROTOCOL section 8, "The customer's profile and history", and section 11's attributes):
// GET /api/customers/:id with its refusals, visitor.context with its validation and who hears visitor.updated, the
// attributes of POST /api/auth/customer, and the rule that lets an agent read a customer's earlier conversations.
import {
  CLIENT_EVENTS,
  SERVER_EVENTS,
  type BlockedCustomersResponse,
  type Conversation,
  type CustomerAuthResponse,
  type CustomerProfileResponse,
  type Message,
  type VisitorContextPayload,
} from '@switchboard/protocol';
import { clientMsgId, connectAgent, connectCustomer, typedAgent, typedCustomer } from '@switchboard/testing';
import {
  getJson,
  newAgent,
  newCustomer,
  postJson,
  startWithSupervisor,
  type Customer,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

const E = CLIENT_EVENTS;
const S = SERVER_EVENTS;

const PAGE: VisitorContextPayload = {
  pageUrl: 'https://shop.example.com/checkout?step=2',
  pageTitle: 'Checkout — step 2',
  referrer: 'https://www.example.org/search?q=shoes',
  userAgent:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  language: 'en-GB',
  timezone: 'Europe/London',
};

describe('the customer’s profile and history (issue 14)', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let ana: Staff;
  let bo: Staff;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    ana = await newAgent(gw, supervisor.token, 50);
    bo = await newAgent(gw, supervisor.token, 50);
  });
  afterAll(() => gw.close());

  const profileOf = (customerId: string, token: string) =>
    getJson<CustomerProfileResponse & { statusCode?: number }>(
      `${gw.url}/api/customers/${customerId}`,
      token,
    );

  /** A conversation of `customer` that `agent` grabs and the customer then closes (an earlier conversation). */
  async function closedConversation(customer: Customer, agent: Staff, text: string): Promise<Conversation> {
    const asCustomer = typedCustomer(customer.socket);
    const started = await asCustomer.ok(E.conversationStart, { text });
    await typedAgent(agent.socket).ok(E.conversationGrab, { conversationId: started.id });
    return asCustomer.ok(E.conversationClose, { conversationId: started.id });
  }

  /** A conversation of `customer` that `agent` serves now. */
  async function served(customer: Customer, agent: Staff, text = 'hello'): Promise<Conversation> {
    const started = await typedCustomer(customer.socket).ok(E.conversationStart, { text });
    return typedAgent(agent.socket).ok(E.conversationGrab, { conversationId: started.id });
  }

  describe('GET /api/customers/:id', () => {
    it('answers the profile and every conversation newest first to the assignee and supervisors', async () => {
      const auth = await postJson<CustomerAuthResponse>(`${gw.url}/api/auth/customer`, {
        name: 'Dana',
        email: 'dana@example.com',
        type: 'premium',
        attributes: { plan: 'gold', seats: 12, trial: false },
      });
      expect(auth.status).toBe(200);
      const customer: Customer = {
        id: auth.body.customer.id,
        token: auth.body.token,
        visitorId: auth.body.visitorId,
        socket: gw.track(await connectCustomer(gw.url, auth.body.token)),
      };
      const first = await closedConversation(customer, bo, 'my first question');
      const second = await closedConversation(customer, bo, 'my second question');
      const live = await served(customer, ana, 'and a third');
      expect(live.customer).toEqual({
        id: customer.id,
        name: 'Dana',
        type: 'premium',
        email: 'dana@example.com',
      });

      for (const reader of [ana, supervisor, bo]) {
        const answer = await profileOf(customer.id, reader.token);
        expect(answer.status).toBe(200);
        expect(answer.body.customer).toEqual({
          id: customer.id,
          name: 'Dana',
          email: 'dana@example.com',
          type: 'premium',
          attributes: { plan: 'gold', seats: 12, trial: false },
          visitor: null,
          blocked: false,
          createdAt: expect.any(String),
          verified: false,
        });
        expect(answer.body.conversations.map((c) => c.id)).toEqual([live.id, second.id, first.id]);
        expect(answer.body.conversations[0]).toMatchObject({
          number: live.number,
          artificialType: 'serving',
          agentId: ana.id,
        });
        expect(answer.body.conversations[2].lastMessage).toMatchObject({ senderType: 'system' });
      }
    });

    it('refuses an agent unrelated to the customer (403), customers (403), unknown ids (404) and bad ids (400)', async () => {
      const customer = await newCustomer(gw, 'Eli');
      await served(customer, ana);
      expect((await profileOf(customer.id, bo.token)).status).toBe(403);
      expect((await profileOf(customer.id, customer.token)).status).toBe(403);
      expect((await getJson(`${gw.url}/api/customers/${customer.id}`)).status).toBe(401);
      expect((await profileOf('0'.repeat(24), supervisor.token)).status).toBe(404);
      expect((await profileOf(ana.id, supervisor.token)).status).toBe(404); // staff are no customers
      for (const bad of ['nope', '123', `${customer.id}0`])
        expect((await profileOf(bad, supervisor.token)).status).toBe(400);
      // a customer without any conversation: supervisors only
      const quiet = await newCustomer(gw, 'Quiet');
      expect((await profileOf(quiet.id, ana.token)).status).toBe(403);
      const bySupervisor = await profileOf(quiet.id, supervisor.token);
      expect(bySupervisor.status).toBe(200);
      expect(bySupervisor.body.conversations).toEqual([]);
    });

    it('lets any agent see a customer whose conversation waits in the queue (as GET /api/conversations/:id does)', async () => {
      const customer = await newCustomer(gw, 'Fay');
      await typedCustomer(customer.socket).ok(E.conversationStart, { text: 'anyone?' });
      expect((await profileOf(customer.id, bo.token)).status).toBe(200);
    });

    it('leaves GET /api/customers/blocked to the blocks list, and says blocked on the profile', async () => {
      const customer = await newCustomer(gw, 'Gus');
      await served(customer, ana);
      await typedAgent(ana.socket).ok(E.customerBlock, { customerId: customer.id, reason: 'spam' });
      const listed = await getJson<BlockedCustomersResponse>(
        `${gw.url}/api/customers/blocked`,
        supervisor.token,
      );
      expect(listed.status).toBe(200);
      expect(listed.body.blocked.map((b) => b.customer.id)).toContain(customer.id);
      expect((await getJson(`${gw.url}/api/customers/blocked`, ana.token)).status).toBe(403);
      const profile = await profileOf(customer.id, ana.token);
      expect(profile.status).toBe(200);
      expect(profile.body.customer.blocked).toBe(true);
    });
  });

  describe('visitor.context', () => {
    it('stores the page and sends visitor.updated to the assignee and a watching supervisor, not the customer nor other agents', async () => {
      const customer = await newCustomer(gw, 'Hana');
      const conversation = await served(customer, ana);
      const anaTab = typedAgent(gw.track(await connectAgent(gw.url, ana.token)));
      const watcher = typedAgent(gw.track(await connectAgent(gw.url, supervisor.token)));
      await watcher.ok(E.conversationWatch, { conversationId: conversation.id });
      const atAna = anaTab.next(S.visitorUpdated, (u) => u.customerId === customer.id);
      const atWatcher = watcher.next(S.visitorUpdated, (u) => u.customerId === customer.id);
      const atBo = typedAgent(bo.socket).collect(S.visitorUpdated);
      const atCustomer = typedCustomer(customer.socket).collect(S.visitorUpdated);
      const otherSupervisorTab = typedAgent(gw.track(await connectAgent(gw.url, supervisor.token)));
      const atUnwatching = otherSupervisorTab.collect(S.visitorUpdated);

      const answer = await typedCustomer(customer.socket).ok(E.visitorContext, PAGE);
      const visitor = { ...PAGE, updatedAt: expect.any(String) };
      expect(answer).toEqual({ customerId: customer.id, visitor });
      expect(await atAna).toEqual({ customerId: customer.id, visitor });
      expect(await atWatcher).toEqual(answer);
      // a round trip on each of the others: anything sent to them before it has arrived by then
      await typedAgent(bo.socket).ok(E.queueList, {});
      await otherSupervisorTab.ok(E.queueList, {});
      await typedCustomer(customer.socket).ok(E.conversationCurrent, {});
      expect(atBo.items).toEqual([]);
      expect(atUnwatching.items).toEqual([]);
      expect(atCustomer.items).toEqual([]);

      const profile = await profileOf(customer.id, ana.token);
      expect(profile.body.customer.visitor).toEqual(answer.visitor);
    });

    it('reaches the transfer target too, and nobody when the customer has no live conversation', async () => {
      const customer = await newCustomer(gw, 'Ivo');
      const conversation = await served(customer, ana);
      await typedAgent(ana.socket).ok(E.conversationTransfer, {
        conversationId: conversation.id,
        toAgentId: bo.id,
      });
      const atBo = typedAgent(bo.socket).next(S.visitorUpdated, (u) => u.customerId === customer.id);
      await typedCustomer(customer.socket).ok(E.visitorContext, {
        pageUrl: 'https://shop.example.com/billing',
      });
      expect((await atBo).visitor).toMatchObject({
        pageUrl: 'https://shop.example.com/billing',
        pageTitle: null,
        timezone: null,
      });

      const idle = await newCustomer(gw, 'Jo');
      const stored = await typedCustomer(idle.socket).ok(E.visitorContext, PAGE);
      expect(stored.visitor.pageUrl).toBe(PAGE.pageUrl);
      expect((await profileOf(idle.id, supervisor.token)).body.customer.visitor).toEqual(stored.visitor);
    });

    it('drops a time zone that is no IANA name, and credentials in the addresses', async () => {
      const customer = await newCustomer(gw, 'Kai');
      const asCustomer = typedCustomer(customer.socket);
      for (const timezone of ['Mars/Olympus_Mons', '+05:00', 'not a zone', '']) {
        const answer = await asCustomer.ok(E.visitorContext, { ...PAGE, timezone });
        expect(answer.visitor.timezone).toBeNull();
      }
      const odd = await asCustomer.ok(E.visitorContext, {
        pageUrl: 'https://user:secret@shop.example.com/',
        referrer: '',
        pageTitle: '   ',
      });
      expect(odd.visitor).toMatchObject({
        pageUrl: 'https://shop.example.com/',
        referrer: null,
        pageTitle: null,
      });
    });

    it('refuses malformed context with bad_request and changes nothing', async () => {
      const customer = await newCustomer(gw, 'Lee');
      const asCustomer = typedCustomer(customer.socket);
      const stored = await asCustomer.ok(E.visitorContext, PAGE);
      const long = `https://shop.example.com/${'a'.repeat(2000)}`;
      for (const payload of [
        {},
        { pageUrl: 'javascript:alert(1)' },
        { pageUrl: 'ftp://shop.example.com/' },
        { pageUrl: '/relative/path' },
        { pageUrl: 'https://shop.example.com:99999/' },
        { pageUrl: 'https://shop example.com/' },
        { pageUrl: long },
        { pageUrl: 5 },
        { pageUrl: { $ne: '' } },
        { ...PAGE, referrer: 'data:text/html,hi' },
        { ...PAGE, pageTitle: 'x'.repeat(301) },
        { ...PAGE, userAgent: 'x'.repeat(513) },
        { ...PAGE, language: 'english please' },
        { ...PAGE, timezone: 'x'.repeat(65) },
        { ...PAGE, timezone: 3 },
        { ...PAGE, extra: true },
        'https://shop.example.com/',
      ]) {
        const answer = await customer.socket.timeout(5000).emitWithAck(E.visitorContext, payload);
        expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      }
      const after = await profileOf(customer.id, supervisor.token);
      expect(after.body.customer.visitor).toEqual(stored.visitor);
      // agents have no such event
      const fromAgent = await ana.socket.timeout(5000).emitWithAck(E.visitorContext, PAGE);
      expect(fromAgent).toMatchObject({
        ok: false,
        error: { code: 'bad_request', message: 'unknown event' },
      });
    });

    it('is rate-limited like every other customer event', async () => {
      const customer = await newCustomer(gw, 'Mo');
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          customer.socket
            .timeout(5000)
            .emitWithAck(E.visitorContext, { pageUrl: `https://shop.example.com/p/${i}` }),
        ),
      );
      const codes = answers.map((a: { ok: boolean; error?: { code: string } }) =>
        a.ok ? 'ok' : a.error?.code,
      );
      expect(codes.filter((c) => c === 'rate_limited').length).toBeGreaterThan(0);
      expect(codes.every((c) => c === 'ok' || c === 'rate_limited')).toBe(true);
    });
  });

  describe('attributes on POST /api/auth/customer', () => {
    it('stores them for a new visitor and replaces them for a returning one', async () => {
      const made = await postJson<CustomerAuthResponse>(`${gw.url}/api/auth/customer`, {
        attributes: { plan: 'free', 'account-id': 'A-1' },
      });
      expect(made.status).toBe(200);
      const id = made.body.customer.id;
      expect((await profileOf(id, supervisor.token)).body.customer.attributes).toEqual({
        plan: 'free',
        'account-id': 'A-1',
      });
      const back = await postJson<CustomerAuthResponse>(`${gw.url}/api/auth/customer`, {
        visitorId: made.body.visitorId,
        attributes: { plan: 'pro', orders: 3, vip: true },
      });
      expect(back.body.customer.id).toBe(id);
      expect((await profileOf(id, supervisor.token)).body.customer.attributes).toEqual({
        plan: 'pro',
        orders: 3,
        vip: true,
      });
      // without attributes a returning visitor keeps theirs
      await postJson(`${gw.url}/api/auth/customer`, { visitorId: made.body.visitorId });
      expect((await profileOf(id, supervisor.token)).body.customer.attributes).toEqual({
        plan: 'pro',
        orders: 3,
        vip: true,
      });
    });

    it('refuses invalid attributes with 400 and changes nothing', async () => {
      const made = await postJson<CustomerAuthResponse>(`${gw.url}/api/auth/customer`, {
        attributes: { plan: 'free' },
      });
      const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i]));
      for (const attributes of [
        tooMany,
        { 'bad key': 1 },
        { 'dotted.key': 1 },
        { $where: 'x' },
        { ['k'.repeat(65)]: 1 },
        { note: 'x'.repeat(501) },
        { nested: { a: 1 } },
        { list: [1, 2] },
        { nothing: null },
        [1, 2],
        'plan=gold',
        42,
      ]) {
        const answer = await postJson<{ statusCode: number; message: string[] }>(
          `${gw.url}/api/auth/customer`,
          {
            visitorId: made.body.visitorId,
            attributes,
          },
        );
        expect(answer.status).toBe(400);
        expect(answer.body.message.join(' ')).toMatch(/attribute/);
      }
      const proto = await postJson(
        `${gw.url}/api/auth/customer`,
        `{"visitorId":"${made.body.visitorId}","attributes":{"__proto__":{"x":1}}}`,
      );
      expect(proto.status).toBe(400);
      expect((await profileOf(made.body.customer.id, supervisor.token)).body.customer.attributes).toEqual({
        plan: 'free',
      });
    });
  });

  describe('reading earlier conversations', () => {
    it('lets the assignee of one conversation read the customer’s other conversations’ messages, not their notes', async () => {
      const customer = await newCustomer(gw, 'Nia');
      const earlier = await closedConversation(customer, bo, 'an old question');
      await typedAgent(bo.socket).ok(E.noteAdd, {
        conversationId: earlier.id,
        clientMsgId: clientMsgId(),
        text: 'bo’s note',
      });
      const history = (token: string) =>
        getJson<{ messages: Message[] }>(`${gw.url}/api/conversations/${earlier.id}/messages`, token);
      // before Ana serves this customer she may not
      expect((await history(ana.token)).status).toBe(403);
      expect(
        await typedAgent(ana.socket).ack(E.messagesSync, { conversationId: earlier.id, afterSeq: 0 }),
      ).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });

      await served(customer, ana, 'a new question');
      const read = await history(ana.token);
      expect(read.status).toBe(200);
      expect(read.body.messages.map((m) => m.text)).toContain('an old question');
      const synced = await typedAgent(ana.socket).ok(E.messagesSync, {
        conversationId: earlier.id,
        afterSeq: 0,
      });
      expect(synced.messages.length).toBe(read.body.messages.length);
      // read-only: writing keeps its own rule, and the notes stay with those who may read them
      expect(
        await typedAgent(ana.socket).ack(E.messageSend, {
          conversationId: earlier.id,
          clientMsgId: clientMsgId(),
          text: 'hi',
        }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect((await getJson(`${gw.url}/api/conversations/${earlier.id}/notes`, ana.token)).status).toBe(403);
      // an agent unrelated to this customer still may not
      const cy = await newAgent(gw, supervisor.token);
      expect((await history(cy.token)).status).toBe(403);
      // and a customer reads only their own
      const other = await newCustomer(gw, 'Oz');
      expect((await history(other.token)).status).toBe(403);
      expect((await history(customer.token)).status).toBe(200);
    });

    it('does not open the history to an agent who only sees the queued conversation', async () => {
      const customer = await newCustomer(gw, 'Pia');
      const earlier = await closedConversation(customer, bo, 'private matter');
      await typedCustomer(customer.socket).ok(E.conversationStart, { text: 'waiting' });
      expect((await profileOf(customer.id, ana.token)).status).toBe(200);
      expect((await getJson(`${gw.url}/api/conversations/${earlier.id}/messages`, ana.token)).status).toBe(
        403,
      );
    });
  });
});
