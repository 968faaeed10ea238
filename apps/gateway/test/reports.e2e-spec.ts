// Issue 17, reports (PROTOCOL section 12, docs/reports.md): a fixture made through the real protocol (customers start
// and write, agents grab, reply, transfer, return to the queue, close; customers confirm and rate) on a frozen Clock,
// so every wait and delay is known to the millisecond; every figure of the summary is worked out by hand below and
// compared with the API's; the CSV row by row; the refusals.
import {
  CLIENT_EVENTS as E,
  DEFAULT_SETTINGS,
  type Conversation,
  type ReportSummary,
} from '@switchboard/protocol';
import { clientMsgId, emitOk } from '@switchboard/testing';
import { Clock } from '../src/common/clock';
import {
  getJson,
  newAgent,
  newCustomer,
  postJson,
  requestJson,
  startWithSupervisor,
  type Customer,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

/** 23:00 on 2030-03-10 in Shanghai (UTC+8): the fixture spans two local days. In the future, so the sweeper's wall
 * clock never reaches a deadline the frozen clock wrote (no transfer offer or close proposal times out on its own). */
const T0 = Date.parse('2030-03-10T15:00:00Z');
const RANGE = 'from=2030-03-10&to=2030-03-11';

describe('reports (issue 17)', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let ana: Staff;
  let bo: Staff;
  let clock: Clock;
  const numbers: number[] = [];

  /** The frozen clock at T0 + `s` seconds. */
  const at = (s: number) => clock.freeze(new Date(T0 + s * 1000));
  const say = (socket: Customer['socket'] | Staff['socket'], conversationId: string, text: string) =>
    emitOk(socket, E.messageSend, { conversationId, clientMsgId: clientMsgId(), text });
  async function start(name: string, payload: Record<string, unknown> = { text: 'hello' }) {
    const customer = await newCustomer(gw, name);
    const conversation = await emitOk<Conversation>(customer.socket, E.conversationStart, payload);
    numbers.push(conversation.number);
    return { customer, id: conversation.id };
  }
  const summary = (query: string, token = supervisor.token) =>
    getJson<ReportSummary & { reason?: string; message: string }>(
      `${gw.url}/api/reports/summary?${query}`,
      token,
    );

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    ana = await newAgent(gw, supervisor.token);
    bo = await newAgent(gw, supervisor.token);
    clock = gw.app.get(Clock);
    const settings = await requestJson(
      'PUT',
      `${gw.url}/api/settings`,
      { ...DEFAULT_SETTINGS, timezone: 'Asia/Shanghai' },
      supervisor.token,
    );
    expect(settings.status).toBe(200);

    // C0, two days before the range: never counted.
    at(-2 * 86_400);
    const c0 = await start('Before');
    await emitOk(ana.socket, E.conversationGrab, { conversationId: c0.id });
    await emitOk(ana.socket, E.conversationClose, { conversationId: c0.id, force: true });

    // C1 (03-10, 23:00): waits 40 s, answered after 70 s, closed by Ana at 300 s, rated 5.
    at(0);
    const c1 = await start('王伟');
    at(40);
    await emitOk(ana.socket, E.conversationGrab, { conversationId: c1.id });
    at(70);
    await say(ana.socket, c1.id, 'Hello, how can I help?');
    at(100);
    await say(c1.customer.socket, c1.id, 'my order');
    at(130);
    await say(ana.socket, c1.id, 'on its way');
    at(300);
    await emitOk(ana.socket, E.conversationClose, { conversationId: c1.id, force: true });
    at(310);
    await emitOk(c1.customer.socket, E.conversationRate, { conversationId: c1.id, score: 5 });

    // C2 (03-10, 23:10): Ana grabs after 20 s and transfers to Bo, who accepts and answers at 100 s; the customer
    // closes at 400 s and rates 3. A formula for a name.
    at(600);
    const c2 = await start('=HYPERLINK("http://evil.example")');
    at(620);
    await emitOk(ana.socket, E.conversationGrab, { conversationId: c2.id });
    at(650);
    await emitOk(ana.socket, E.conversationTransfer, {
      conversationId: c2.id,
      toAgentId: bo.id,
      note: 'billing',
    });
    at(660);
    await emitOk(bo.socket, E.conversationTransferAccept, { conversationId: c2.id });
    at(700);
    await say(bo.socket, c2.id, 'Bo here');
    at(1000);
    await emitOk(c2.customer.socket, E.conversationClose, { conversationId: c2.id });
    await emitOk(c2.customer.socket, E.conversationRate, { conversationId: c2.id, score: 3 });

    // C3 (03-11, 00:00): Ana grabs after 60 s, answers at 90 s, returns it to the queue; Bo grabs it (its wait is
    // the first one's), proposes to close, the customer confirms at 660 s and rates 4.
    at(3600);
    const c3 = await start('Lee, "Bo"');
    at(3660);
    await emitOk(ana.socket, E.conversationGrab, { conversationId: c3.id });
    at(3690);
    await say(ana.socket, c3.id, 'one moment');
    at(3700);
    await emitOk(ana.socket, E.conversationTransfer, { conversationId: c3.id, note: 'needs billing' });
    at(3900);
    await emitOk(bo.socket, E.conversationGrab, { conversationId: c3.id });
    at(3950);
    await say(bo.socket, c3.id, 'billing here');
    at(4200);
    await emitOk(bo.socket, E.conversationClose, { conversationId: c3.id });
    at(4260);
    await emitOk(c3.customer.socket, E.conversationCloseConfirm, { conversationId: c3.id });
    await emitOk(c3.customer.socket, E.conversationRate, { conversationId: c3.id, score: 4 });

    // C4 (03-11, 00:06): still waiting at the end: counted, not closed, no wait.
    at(4000);
    await start('-5');

    // C5: started without a word; Bo grabs after 10 s and writes first (no response yet: nothing was asked), the
    // customer writes at 4600 and Bo answers 45 s later. Still serving.
    at(4500);
    const c5 = await start('Cora', {});
    at(4510);
    await emitOk(bo.socket, E.conversationGrab, { conversationId: c5.id });
    at(4520);
    await say(bo.socket, c5.id, 'Hi, anything I can do?');
    at(4600);
    await say(c5.customer.socket, c5.id, 'yes, a refund');
    at(4645);
    await say(bo.socket, c5.id, 'sure');

    // C6: an offline message, answered by Ana: no wait, no first response (nobody was there to wait for).
    at(5000);
    const c6 = await start('Offline Olga', {
      text: 'call me back',
      offline: true,
      email: 'olga@example.com',
    });
    at(5100);
    await emitOk(ana.socket, E.conversationGrab, { conversationId: c6.id });
    at(5130);
    await say(ana.socket, c6.id, 'calling you');
  }, 60_000);
  afterAll(async () => {
    clock.reset();
    await gw.close();
  });

  it('answers every figure of section 12 as worked out by hand', async () => {
    const res = await summary(RANGE);
    expect(res.status).toBe(200);
    const csatOf = (average: number | null, responses: number) => ({ average, responses });
    expect(res.body).toEqual({
      // C1..C6; C0 is before the range
      conversations: 6,
      closed: 3, // C1, C2, C3
      // waits C1 40, C2 20, C3 60 (the first assignment only), C5 10: median (20+40)/2, p90 the 4th of 4
      waitSeconds: { median: 30, p90: 60 },
      // C1 70, C2 100 (Bo, after the transfer), C3 90 (Ana, before the return to the queue), C5 45 (from the
      // customer's first message, not Bo's greeting before it): median (70+90)/2, p90 the 4th of 4
      firstResponseSeconds: { median: 80, p90: 100 },
      // C1 300, C2 400, C3 660: median 400, p90 the 3rd of 3
      resolutionSeconds: { median: 400, p90: 660 },
      csat: { average: 4, responses: 3, distribution: { 1: 0, 2: 0, 3: 1, 4: 1, 5: 1 } },
      byAgent: [
        // each conversation counts for its latest assignee (Ana: C1, C6; Bo: C2, C3, C5); a first response for who
        // gave it (Ana: C1 70, C3 90; Bo: C2 100, C5 45 → 72.5, rounded half up)
        {
          agentId: ana.id,
          name: ana.login.user.name,
          conversations: 2,
          closed: 1,
          firstResponseSeconds: { median: 80 },
          csat: csatOf(5, 1),
        },
        {
          agentId: bo.id,
          name: bo.login.user.name,
          conversations: 3,
          closed: 2,
          firstResponseSeconds: { median: 73 },
          csat: csatOf(3.5, 2),
        },
      ].sort((x, y) => x.name.localeCompare(y.name)),
      byDay: [
        // Shanghai days: C1 (23:00) and C2 (23:10) on the 10th, the rest after midnight
        { date: '2030-03-10', conversations: 2, closed: 2, waitSeconds: { median: 30 } },
        { date: '2030-03-11', conversations: 4, closed: 1, waitSeconds: { median: 35 } },
      ],
      distributions: {
        firstResponseSeconds: [30, 60, 120, 300, 600, 1800, 3600, null].map((upToSeconds, i) => ({
          upToSeconds,
          conversations: [0, 1, 3, 0, 0, 0, 0, 0][i],
        })),
        resolutionSeconds: [300, 900, 1800, 3600, 14_400, 86_400, null].map((upToSeconds, i) => ({
          upToSeconds,
          conversations: [1, 2, 0, 0, 0, 0, 0][i],
        })),
      },
    });
  });

  it('filters on the latest assignee, and on a team (none here: nothing matches)', async () => {
    const bos = await summary(`${RANGE}&agentId=${bo.id}`);
    expect(bos.status).toBe(200);
    expect(bos.body).toMatchObject({
      conversations: 3,
      closed: 2,
      waitSeconds: { median: 20, p90: 60 }, // C2 20, C3 60, C5 10
      firstResponseSeconds: { median: 90, p90: 100 }, // C2 100, C3 90, C5 45
      resolutionSeconds: { median: 530, p90: 660 }, // C2 400, C3 660
      csat: { average: 3.5, responses: 2 },
    });
    const team = await summary(`${RANGE}&teamId=${'0'.repeat(24)}`);
    expect(team.status).toBe(200);
    expect(team.body).toMatchObject({
      conversations: 0,
      waitSeconds: { median: null, p90: null },
      csat: { average: null, responses: 0 },
      byAgent: [],
      byDay: [
        { date: '2030-03-10', conversations: 0, closed: 0, waitSeconds: { median: null } },
        { date: '2030-03-11', conversations: 0, closed: 0, waitSeconds: { median: null } },
      ],
    });
  });

  it('takes the range in the settings time zone, dates or instants', async () => {
    // the 11th alone, Shanghai time: C3..C6
    expect((await summary('from=2030-03-11&to=2030-03-11')).body.conversations).toBe(4);
    // instants: [T0, T0 + 3600 s) holds C1 and C2
    const instants = await summary(
      `from=2030-03-10T15:00:00Z&to=${encodeURIComponent('2030-03-11T00:00:00+08:00')}`,
    );
    expect(instants.body).toMatchObject({
      conversations: 2,
      byDay: [{ date: '2030-03-10', conversations: 2 }],
    });
  });

  it('gives the CSV row by row: BOM, header, RFC 4180, formulas defused', async () => {
    const res = await fetch(`${gw.url}/api/reports/conversations.csv?${RANGE}`, {
      headers: { authorization: `Bearer ${supervisor.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
    const [, n1, n2, n3, n4, n5, n6] = numbers;
    const a = ana.login.user.name;
    const b = bo.login.user.name;
    expect(bytes.toString('utf8').slice(1).split('\r\n')).toEqual([
      'number,customer,team,agent,state,created,assigned,closed,wait,first response,resolution,rating',
      `${n1},王伟,,${a},closed,${iso(0)},${iso(40)},${iso(300)},40,70,300,5`,
      `${n2},"'=HYPERLINK(""http://evil.example"")",,${b},closed,${iso(600)},${iso(620)},${iso(1000)},20,100,400,3`,
      `${n3},"Lee, ""Bo""",,${b},closed,${iso(3600)},${iso(3660)},${iso(4260)},60,90,660,4`,
      `${n4},'-5,,,open,${iso(4000)},,,,,,`,
      `${n5},Cora,,${b},serving,${iso(4500)},${iso(4510)},,10,45,,`,
      `${n6},Offline Olga,,${a},serving,${iso(5000)},${iso(5100)},,,,,`,
      '',
    ]);
  });

  describe('refusals', () => {
    it('is for supervisors only', async () => {
      expect((await summary(RANGE, ana.token)).status).toBe(403);
      expect((await summary(RANGE, '')).status).toBe(401);
      const csv = await fetch(`${gw.url}/api/reports/conversations.csv?${RANGE}`, {
        headers: { authorization: `Bearer ${bo.token}` },
      });
      expect(csv.status).toBe(403);
    });

    it.each([
      ['from=yesterday&to=2030-03-11', 'invalid_date'],
      ['from=2030-02-30&to=2030-03-11', 'invalid_date'],
      ['from=2030-03-11T10:00&to=2030-03-12', 'invalid_date'], // an instant needs its offset
      ['from=2030-03-11&to=2030-03-10', 'invalid_date'],
      ['from=2029-03-10&to=2030-03-11', 'range_too_long'], // 367 days
    ])('answers 400 with a reason to %s', async (query, reason) => {
      const res = await summary(query);
      expect(res.status).toBe(400);
      expect(res.body.reason).toBe(reason);
      const csv = await fetch(`${gw.url}/api/reports/conversations.csv?${query}`, {
        headers: { authorization: `Bearer ${supervisor.token}` },
      });
      expect(csv.status).toBe(400);
      expect(((await csv.json()) as { reason: string }).reason).toBe(reason);
    });

    it.each([
      ['to=2030-03-11', 'no from'],
      [`${RANGE}&agentId=ana`, 'an agentId that is no id'],
      [`${RANGE}&teamId[$ne]=x`, 'an operator'],
      [`${RANGE}&limit=5`, 'an unknown field'],
    ])('answers 400 to %s (%s)', async (query) => {
      expect((await summary(query)).status).toBe(400);
    });

    it('takes 366 days', async () => {
      const res = await summary('from=2029-03-11&to=2030-03-11');
      expect(res.status).toBe(200);
      expect(res.body.byDay).toHaveLength(366);
      expect(res.body.conversations).toBe(7); // C0 too
    });
  });

  // Last: it adds a conversation to the range.
  it("names the conversation's team in the CSV, and a team filter counts its conversations only", async () => {
    const created = await postJson<{ team: { id: string } }>(
      `${gw.url}/api/teams`,
      { name: '售后 After-sales', agentIds: [ana.id] },
      supervisor.token,
    );
    expect(created.status).toBe(201);
    const team = created.body.team;
    at(5400);
    const c7 = await start('Tess', { text: 'a return', teamId: team.id });
    at(5430);
    await emitOk(ana.socket, E.conversationGrab, { conversationId: c7.id });
    const csv = await fetch(`${gw.url}/api/reports/conversations.csv?${RANGE}`, {
      headers: { authorization: `Bearer ${supervisor.token}` },
    });
    const rows = (await csv.text()).split('\r\n');
    const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
    expect(rows.at(-2)).toBe(
      `${numbers.at(-1)},Tess,售后 After-sales,${ana.login.user.name},serving,${iso(5400)},${iso(5430)},,30,,,`,
    );
    expect(rows.filter((row) => row.includes('售后'))).toHaveLength(1);
    const inTeam = await summary(`${RANGE}&teamId=${team.id}`);
    expect(inTeam.body).toMatchObject({ conversations: 1, closed: 0, waitSeconds: { median: 30, p90: 30 } });
  });
});
