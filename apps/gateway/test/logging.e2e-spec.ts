import { CLIENT_EVENTS, type LoginResponse } from '@switchboard/protocol';
import {
  connectAgent,
  connectCustomer,
  customerToken,
  emitAck,
  startGatewayProcess,
  type GatewayProcess,
} from '@switchboard/testing';

type LogLine = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('structured logs (a gateway process, its captured output)', () => {
  let gateway: GatewayProcess;
  let lines: LogLine[];
  const seen = {
    wrongPassword: 'Not-The-Password-42',
    incomingId: 'edge-3f9c2a7d1b',
    secrets: [] as string[],
    ids: {} as Record<string, string | null>,
    customerId: '',
  };

  beforeAll(async () => {
    gateway = await startGatewayProcess({ env: { LOG_LEVEL: 'debug' } });
    const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${gateway.url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });

    const login = await post(
      '/api/auth/login',
      { email: 'supervisor@example.com', password: gateway.demoPassword },
      { 'x-request-id': seen.incomingId },
    );
    seen.ids.login = login.headers.get('x-request-id');
    const { token } = (await login.json()) as LoginResponse;
    const refused = await post('/api/auth/login', { email: 'supervisor@example.com', password: seen.wrongPassword });
    expect(refused.status).toBe(401);

    // An authenticated request with a malformed X-Request-Id (replaced), and a token in a query string.
    const users = await fetch(`${gateway.url}/api/users`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'not a well-formed id' },
    });
    expect(users.status).toBe(200);
    seen.ids.users = users.headers.get('x-request-id');
    const queried = await fetch(`${gateway.url}/api/attachments/000000000000000000000000?token=${token}`);
    seen.ids.queried = queried.headers.get('x-request-id');

    const first = await customerToken(gateway.url, { name: 'Lena' });
    const again = await customerToken(gateway.url, { visitorId: first.visitorId });
    seen.customerId = again.customer.id;
    seen.secrets.push(gateway.demoPassword, seen.wrongPassword, token, first.token, again.token, first.visitorId);

    // Socket handshakes and events: one that works, one refused by validation.
    const customer = await connectCustomer(gateway.url, again.token);
    const agent = await connectAgent(gateway.url, token);
    try {
      expect((await emitAck(customer, CLIENT_EVENTS.conversationStart, { text: 'hello' })).ok).toBe(true);
      expect((await emitAck(customer, CLIENT_EVENTS.conversationStart, { text: 5 })).ok).toBe(false);
    } finally {
      customer.close();
      agent.close();
    }
    await gateway.stop();
    lines = gateway
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  });

  afterAll(() => gateway?.stop());

  it('logs every HTTP request once, with the request id it echoes (taken from X-Request-Id when well-formed)', () => {
    expect(seen.ids.login).toBe(seen.incomingId);
    expect(seen.ids.users).toMatch(UUID);
    const requests = lines.filter((line) => line.message === 'http request');
    const byId = (id: string | null) => requests.filter((line) => line.reqId === id);
    expect(byId(seen.ids.login)).toEqual([
      expect.objectContaining({ level: 'info', method: 'POST', path: '/api/auth/login', status: 200, durationMs: expect.any(Number) }),
    ]);
    expect(byId(seen.ids.users)).toEqual([
      expect.objectContaining({ method: 'GET', path: '/api/users', status: 200, userId: expect.any(String) }),
    ]);
    // The path is logged without its query string.
    expect(byId(seen.ids.queried)).toEqual([
      expect.objectContaining({ path: '/api/attachments/000000000000000000000000' }),
    ]);
    // Lines logged while handling a request carry its id: Nest's own loggers come out through pino.
    expect(lines).toContainEqual(
      expect.objectContaining({ reqId: seen.incomingId, context: 'Auth', message: 'login', level: 'info' }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ context: 'NestApplication', level: 'info' }));
  });

  it('logs socket events with the same field names: successes at debug, refusals at info', () => {
    const events = lines.filter((line) => line.message === 'socket event');
    expect(events).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        namespace: '/customer',
        event: 'conversation.start',
        userId: seen.customerId,
        outcome: 'ok',
        reqId: expect.stringMatching(UUID),
        socketId: expect.any(String),
        durationMs: expect.any(Number),
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({ level: 'info', event: 'conversation.start', outcome: 'bad_request', userId: seen.customerId }),
    );
  });

  it('never writes a password, a token or a visitorId', () => {
    const output = gateway.output();
    expect(lines.length).toBeGreaterThan(20);
    for (const secret of seen.secrets) expect(output).not.toContain(secret);
  });
});
