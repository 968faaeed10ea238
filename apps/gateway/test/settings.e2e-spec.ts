// Issue 15 (PROTOCOL section 9): GET/PUT /api/settings, GET /api/widget/config (availability from business hours,
// holidays and agents' presence, the time from the injected Clock), and conversation.start's offline messages and
// pre-chat fields. Real gateway, real sockets, the embedded store.
import {
  CLIENT_EVENTS,
  DEFAULT_SETTINGS,
  WEEKDAYS,
  type BusinessHours,
  type Conversation,
  type Settings,
  type WidgetConfig,
} from '@switchboard/protocol';
import { connectAgent, emitAck, emitOk, waitFor } from '@switchboard/testing';
import { Clock } from '../src/common/clock';
import {
  getJson,
  newAgent,
  newCustomer,
  requestJson,
  startWithSupervisor,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

const E = CLIENT_EVENTS;
type ErrorBody = {
  statusCode: number;
  message: string[] | string;
  problems?: { field: string; code: string; message: string }[];
};

describe('settings and availability (issue 15)', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let clock: Clock;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    clock = gw.app.get(Clock);
  });
  afterAll(() => gw.close());
  afterEach(() => clock.reset());

  const put = (body: unknown, token = supervisor.token) =>
    requestJson<Settings & ErrorBody>('PUT', `${gw.url}/api/settings`, body, token);
  const widgetConfig = async () => (await getJson<WidgetConfig>(`${gw.url}/api/widget/config`)).body;
  const allWeek = (ranges: [string, string][]) =>
    Object.fromEntries(WEEKDAYS.map((day) => [day, ranges])) as BusinessHours;

  describe('GET and PUT /api/settings', () => {
    it('answers the defaults before anything is saved', async () => {
      const got = await getJson<Settings>(`${gw.url}/api/settings`, supervisor.token);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(DEFAULT_SETTINGS);
    });

    it('is for supervisors only: 403 for an agent, 401 without a token', async () => {
      const ana = await newAgent(gw, supervisor.token);
      expect((await getJson(`${gw.url}/api/settings`, ana.token)).status).toBe(403);
      expect((await put(DEFAULT_SETTINGS, ana.token)).status).toBe(403);
      expect((await getJson(`${gw.url}/api/settings`)).status).toBe(401);
      expect((await put(DEFAULT_SETTINGS, '')).status).toBe(401);
      ana.socket.close();
    });

    it('replaces the whole object and answers it normalised', async () => {
      const saved = await put({
        ...DEFAULT_SETTINGS,
        timezone: 'Europe/Berlin',
        businessHours: { mon: [['13:00', '17:00'], ['09:00', '12:00']], sat: [] },
        holidays: ['2026-12-25'],
        welcomeMessage: 'Hello there',
        preChatFields: [{ key: 'order', label: 'Order number', type: 'text', required: true }],
        assignment: 'auto',
      });
      expect(saved.status).toBe(200);
      expect(saved.body.businessHours?.mon).toEqual([['09:00', '12:00'], ['13:00', '17:00']]);
      expect(saved.body.businessHours?.tue).toEqual([]);
      const got = await getJson<Settings>(`${gw.url}/api/settings`, supervisor.token);
      expect(got.body).toEqual(saved.body);
      expect(got.body).toMatchObject({ timezone: 'Europe/Berlin', assignment: 'auto', welcomeMessage: 'Hello there' });
    });

    it('refuses an invalid object with 400 naming every problem, and changes nothing', async () => {
      const before = (await getJson<Settings>(`${gw.url}/api/settings`, supervisor.token)).body;
      const refused = await put({
        ...DEFAULT_SETTINGS,
        timezone: 'Mars/Olympus',
        businessHours: { mon: [['18:00', '09:00'], ['9am', '10:00']] },
        holidays: ['2026-13-01', '2026-10-01', '2026-10-01'],
        queueNotice: { afterSeconds: -1, text: 'x' },
        preChatFields: [
          { key: 'topic', label: 'Topic', type: 'select', required: true },
          { key: 'topic', label: 'Again', type: 'text', required: false },
        ],
        assignment: 'round-robin',
        teamId: 'anything',
      });
      expect(refused.status).toBe(400);
      const messages = refused.body.message as string[];
      for (const expected of [
        'timezone: Mars/Olympus is not a known time zone',
        'businessHours.mon[0]: ends (09:00) before it starts (18:00)',
        'businessHours.mon[1][0]: 9am is not a time',
        'holidays[0]: 2026-13-01 is not a date',
        'holidays[2]: 2026-10-01 is listed twice',
        'queueNotice.afterSeconds: must be between',
        'preChatFields[0].options: a select needs at least one option',
        'preChatFields[1].key: the key topic is used twice',
        'assignment: must be one of grab, auto',
        'teamId: is not a known setting',
      ]) {
        expect(messages.some((m) => m.startsWith(expected))).toBe(true);
      }
      // The same problems structured, each with its section 9 code, for a client to show at its field.
      const problems = refused.body.problems ?? [];
      expect(problems).toHaveLength(messages.length);
      expect(problems).toEqual(
        expect.arrayContaining([
          { field: 'timezone', code: 'invalid_timezone', message: 'Mars/Olympus is not a known time zone' },
          { field: 'businessHours.mon[0]', code: 'range_order', message: 'ends (09:00) before it starts (18:00)' },
          { field: 'preChatFields[1].key', code: 'duplicate', message: 'the key topic is used twice' },
          { field: 'teamId', code: 'unknown_field', message: 'is not a known setting' },
        ]),
      );
      expect((await getJson<Settings>(`${gw.url}/api/settings`, supervisor.token)).body).toEqual(before);
    });

    it.each([
      ['an array', [DEFAULT_SETTINGS]],
      ['a string', '"settings"'],
      ['a missing key', { ...DEFAULT_SETTINGS, offlineMessage: undefined }],
      ['a number where text belongs', { ...DEFAULT_SETTINGS, welcomeMessage: 5 }],
      ['an operator', { ...DEFAULT_SETTINGS, timezone: { $ne: null } }],
      ['a prototype key', JSON.parse('{"__proto__": {"x": 1}}') as unknown],
    ])('refuses %s with 400', async (_what, body) => {
      expect((await put(body)).status).toBe(400);
    });
  });

  describe('GET /api/widget/config', () => {
    beforeAll(async () => {
      expect((await put({ ...DEFAULT_SETTINGS, welcomeMessage: 'Hi!' })).status).toBe(200);
    });

    it('needs no token, and says offline while no agent is online (a supervisor does not count)', async () => {
      const res = await getJson<WidgetConfig>(`${gw.url}/api/widget/config`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        online: false,
        teams: [],
        preChatFields: [],
        offlineMessage: DEFAULT_SETTINGS.offlineMessage,
        welcomeMessage: 'Hi!',
      });
    });

    it('is online while an agent is online and connected; away or gone is offline', async () => {
      const ana = await newAgent(gw, supervisor.token);
      await waitFor(async () => (await widgetConfig()).online, { what: 'online' });
      await emitOk(ana.socket, E.agentStatus, { status: 'away' });
      expect((await widgetConfig()).online).toBe(false);
      await emitOk(ana.socket, E.agentStatus, { status: 'online' });
      expect((await widgetConfig()).online).toBe(true);
      ana.socket.close();
      await waitFor(async () => !(await widgetConfig()).online, { what: 'offline once the socket is gone' });
      // the account stays online in status; a new socket brings it back
      const again = gw.track(await connectAgent(gw.url, ana.token));
      await waitFor(async () => (await widgetConfig()).online, { what: 'online again' });
      again.close();
      await waitFor(async () => !(await widgetConfig()).online, { what: 'offline again' });
    });

    it('is offline outside business hours and on a holiday of the configured time zone, by the injected clock', async () => {
      const ana = await newAgent(gw, supervisor.token);
      await waitFor(async () => (await widgetConfig()).online, { what: 'online' });
      // New York, 09:00–17:00 every day: move the clock to Monday 9 March 2026 (just after the DST change)
      const base = { ...DEFAULT_SETTINGS, timezone: 'America/New_York', businessHours: allWeek([['09:00', '17:00']]) };
      expect((await put(base)).status).toBe(200);
      const setClock = (iso: string) => {
        clock.reset();
        clock.shift(new Date(iso).getTime() - Date.now());
      };
      setClock('2026-03-09T12:59:00Z'); // 08:59 EDT
      expect((await widgetConfig()).online).toBe(false);
      setClock('2026-03-09T13:00:00Z'); // 09:00 EDT
      expect((await widgetConfig()).online).toBe(true);
      expect((await put({ ...base, holidays: ['2026-03-09'] })).status).toBe(200);
      expect((await widgetConfig()).online).toBe(false);
      expect((await put({ ...DEFAULT_SETTINGS, welcomeMessage: 'Hi!' })).status).toBe(200);
      expect((await widgetConfig()).online).toBe(true);
      ana.socket.close();
      await waitFor(async () => !(await widgetConfig()).online, { what: 'offline' });
    });
  });

  describe('conversation.start: offline messages and pre-chat fields', () => {
    const fields = [
      { key: 'order', label: 'Order number', type: 'text', required: true },
      { key: 'work_email', label: 'Work email', type: 'email', required: false },
      { key: 'topic', label: 'Topic', type: 'select', options: ['Billing', 'Tech'], required: false },
    ] as const;

    beforeAll(async () => {
      expect((await put({ ...DEFAULT_SETTINGS, preChatFields: fields })).status).toBe(200);
    });

    it('stores an offline message as a queued conversation marked offline, with the email and name', async () => {
      const cora = await newCustomer(gw, 'Visitor');
      const conversation = await emitOk<Conversation>(cora.socket, E.conversationStart, {
        text: 'Please call me back',
        offline: true,
        email: 'cora@example.com',
        name: 'Cora Offline',
      });
      expect(conversation).toMatchObject({
        artificialType: 'open',
        offline: true,
        fields: {},
        customer: { name: 'Cora Offline', email: 'cora@example.com' },
        lastMessage: { preview: 'Please call me back', senderType: 'customer' },
      });
      const agent = await newAgent(gw, supervisor.token);
      const queue = await emitOk<{ conversations: Conversation[] }>(agent.socket, E.queueList, {});
      expect(queue.conversations.find((c) => c.id === conversation.id)).toMatchObject({ offline: true, queuedAt: expect.any(String) });
      const rest = await getJson<Conversation>(`${gw.url}/api/conversations/${conversation.id}`, agent.token);
      expect(rest.body).toMatchObject({ offline: true, customer: { email: 'cora@example.com' } });
      agent.socket.close();
    });

    it.each([
      ['without an email', 'email', { text: 'hello', offline: true }],
      ['without text', 'text', { offline: true, email: 'a@example.com' }],
      ['with a malformed email', 'email', { text: 'hello', offline: true, email: 'not-an-email' }],
      ['with offline not a boolean', 'offline', { text: 'hello', offline: 'yes', email: 'a@example.com' }],
    ])('refuses an offline start %s (bad_request naming %s)', async (_what, field, payload) => {
      const customer = await newCustomer(gw);
      const ack = await emitAck(customer.socket, E.conversationStart, payload);
      expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      if (!ack.ok) expect((ack.error.details as { field: string }[]).map((d) => d.field)).toContain(field);
      expect(await emitOk(customer.socket, E.conversationCurrent, {})).toBeNull();
    });

    it('stores valid pre-chat values on the conversation, trimmed', async () => {
      const customer = await newCustomer(gw);
      const conversation = await emitOk<Conversation>(customer.socket, E.conversationStart, {
        text: 'hi',
        fields: { order: ' A-42 ', topic: 'Billing', work_email: '' },
      });
      expect(conversation).toMatchObject({ offline: false, fields: { order: 'A-42', topic: 'Billing' } });
    });

    it.each([
      ['a required one missing', 'fields.order', { topic: 'Billing' }],
      ['a value not in the options', 'fields.topic', { order: '1', topic: 'Sales' }],
      ['a malformed email', 'fields.work_email', { order: '1', work_email: 'nope' }],
      ['an unknown key', 'fields.teamId', { order: '1', teamId: 'x' }],
      ['a number', 'fields.order', { order: 42 }],
      ['an operator', 'fields.order', { order: { $ne: null } }],
    ])('refuses %s with bad_request naming %s, and starts nothing', async (_what, field, values) => {
      const customer = await newCustomer(gw);
      const ack = await emitAck(customer.socket, E.conversationStart, { text: 'hi', fields: values });
      expect(ack).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      if (!ack.ok) expect((ack.error.details as { field: string }[]).map((d) => d.field)).toContain(field);
      expect(await emitOk(customer.socket, E.conversationCurrent, {})).toBeNull();
    });

    it('refuses fields that are not an object, and unknown payload keys such as teamId', async () => {
      const customer = await newCustomer(gw);
      for (const payload of [{ fields: ['A-1'] }, { fields: 'A-1' }, { text: 'hi', teamId: 'x' }]) {
        expect(await emitAck(customer.socket, E.conversationStart, payload)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      }
    });

    it('shows the pre-chat fields in the widget config', async () => {
      expect((await widgetConfig()).preChatFields).toEqual(fields);
    });
  });
});
