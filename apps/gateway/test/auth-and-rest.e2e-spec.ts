// PROTOCOL section 1: tokens, the handshake, origins, and the REST surface around them.
import { CLIENT_EVENTS, type Conversation, type CustomerAuthResponse } from '@switchboard/protocol';
import { connectAgent, connectCustomer, connectSocket, customerToken, emitOk, loginAs } from '@switchboard/testing';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getJson, postJson, startTestGateway, TEST_PASSWORD, type TestGateway } from './support/test-gateway';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signed(header: object, claims: object, secret: string): string {
  const body = `${b64(header)}.${b64(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

async function refusal(promise: Promise<unknown>): Promise<{ message: string; data: unknown }> {
  try {
    await promise;
  } catch (error) {
    const { message, data } = error as { message: string; data: unknown };
    return { message, data };
  }
  throw new Error('the connection was accepted');
}

describe('auth, origins and REST', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway();
  });

  afterAll(() => gw.close());

  it('GET /api/health answers ok with the version', async () => {
    const health = await getJson(`${gw.url}/api/health`);
    expect(health).toEqual({ status: 200, body: { status: 'ok', db: 'up', version: expect.any(String) } });
  });

  it('login: a token for staff, the same 401 body for a wrong password and an unknown e-mail', async () => {
    const ok = await loginAs(gw.url, 'agent1@example.com', TEST_PASSWORD);
    expect(ok.user).toMatchObject({ role: 'agent', email: 'agent1@example.com', name: 'Ana' });
    const claims = JSON.parse(Buffer.from(ok.token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: ok.user.id, role: 'agent' });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(12 * 3600);
    const wrong = await postJson(`${gw.url}/api/auth/login`, { email: 'agent1@example.com', password: 'nope-nope' });
    const unknown = await postJson(`${gw.url}/api/auth/login`, { email: 'ghost@example.com', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(unknown).toEqual(wrong);
    const invalid = await postJson<{ statusCode: number; message: string[]; error: string }>(`${gw.url}/api/auth/login`, {
      email: 5,
      extra: true,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.statusCode).toBe(400);
    expect(invalid.body.error).toBe('Bad Request');
    const text = invalid.body.message.join(' | ');
    expect(text).toMatch(/email/);
    expect(text).toMatch(/password/);
    expect(text).toMatch(/extra/);
    for (const body of ['[1,2]', '"text"', 'null', '{"email": {"$ne": null}, "password": "x"}']) {
      expect((await postJson(`${gw.url}/api/auth/login`, body)).status).toBe(400);
    }
    expect((await postJson(`${gw.url}/api/auth/login`, '{not json')).status).toBe(400);
  });

  it('customer tokens: a new visitor, resumed by visitorId across reloads, a new one for an unknown visitorId', async () => {
    const first = await customerToken(gw.url, { name: 'Vera', type: 'premium' });
    expect(first.visitorId.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits in base64url
    expect(first.customer).toMatchObject({ name: 'Vera', type: 'premium' });
    const claims = JSON.parse(Buffer.from(first.token.split('.')[1], 'base64url').toString()) as Record<string, number>;
    expect(claims.exp - claims.iat).toBe(30 * 24 * 3600);
    const socket = gw.track(await connectCustomer(gw.url, first.token));
    const started = await emitOk<Conversation>(socket, CLIENT_EVENTS.conversationStart, {});
    socket.close();
    const again = await customerToken(gw.url, { visitorId: first.visitorId });
    expect(again.customer.id).toBe(first.customer.id);
    expect(again.visitorId).toBe(first.visitorId);
    const resumed = gw.track(await connectCustomer(gw.url, again.token));
    expect(await emitOk<Conversation | null>(resumed, CLIENT_EVENTS.conversationCurrent, {})).toMatchObject({ id: started.id });
    const stranger = await customerToken(gw.url, { visitorId: 'not-a-real-visitor' });
    expect(stranger.customer.id).not.toBe(first.customer.id);
    expect(stranger.visitorId).not.toBe('not-a-real-visitor');
    const bad = await postJson(`${gw.url}/api/auth/customer`, { type: 'x'.repeat(41) });
    expect(bad.status).toBe(400);
  });

  it('the handshake refuses missing, malformed, expired, foreign, alg:none and wrong-role tokens with unauthorized', async () => {
    const secret = readFileSync(path.join(gw.config.dataDir, 'jwt-secret'), 'utf8').trim();
    const agent = await loginAs(gw.url, 'agent2@example.com', TEST_PASSWORD);
    const customer: CustomerAuthResponse = await customerToken(gw.url);
    const now = Math.floor(Date.now() / 1000);
    const bad = [
      undefined,
      'garbage',
      signed({ alg: 'HS256', typ: 'JWT' }, { sub: agent.user.id, role: 'agent', iat: now - 100, exp: now - 10 }, secret),
      signed({ alg: 'HS256', typ: 'JWT' }, { sub: agent.user.id, role: 'agent', iat: now, exp: now + 60 }, 'another-secret-of-enough-length-123'),
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: agent.user.id, role: 'agent', iat: now, exp: now + 60 })}.`,
      signed({ alg: 'HS512', typ: 'JWT' }, { sub: agent.user.id, role: 'agent', iat: now, exp: now + 60 }, secret),
      customer.token,
    ];
    for (const token of bad) {
      expect(await refusal(connectSocket(gw.url, '/agent', token))).toEqual({ message: 'unauthorized', data: { code: 'unauthorized' } });
    }
    expect(await refusal(connectSocket(gw.url, '/customer', agent.token))).toEqual({ message: 'unauthorized', data: { code: 'unauthorized' } });
    // a well-signed token for a user that does not exist
    const ghost = signed({ alg: 'HS256', typ: 'JWT' }, { sub: '0123456789abcdef01234567', role: 'agent', iat: now, exp: now + 60 }, secret);
    expect((await refusal(connectSocket(gw.url, '/agent', ghost))).message).toBe('unauthorized');
    gw.track(await connectAgent(gw.url, agent.token));
    // REST: the same checks
    expect((await getJson(`${gw.url}/api/users?role=agent`)).status).toBe(401);
    expect((await getJson(`${gw.url}/api/users?role=agent`, bad[4])).status).toBe(401);
    expect((await getJson(`${gw.url}/api/users?role=agent`, customer.token)).status).toBe(403);
  });

  it('users: supervisors create accounts (409 on a taken e-mail); agents and supervisors list them as an array', async () => {
    const supervisor = await loginAs(gw.url, 'supervisor@example.com', TEST_PASSWORD);
    const agent = await loginAs(gw.url, 'agent3@example.com', TEST_PASSWORD);
    const body = { email: 'new.agent@example.com', name: 'Nia', role: 'agent', password: 'long-enough-1', maxConcurrent: 2 };
    const created = await postJson<{ id: string; role: string }>(`${gw.url}/api/users`, body, supervisor.token);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ role: 'agent', email: 'new.agent@example.com' });
    expect((await postJson(`${gw.url}/api/users`, { ...body, email: 'NEW.agent@example.com' }, supervisor.token)).status).toBe(409);
    expect((await postJson(`${gw.url}/api/users`, { ...body, email: 'x@example.com' }, agent.token)).status).toBe(403);
    expect((await postJson(`${gw.url}/api/users`, { ...body, role: 'customer' }, supervisor.token)).status).toBe(400);
    const list = await getJson<Array<Record<string, unknown>>>(`${gw.url}/api/users?role=agent`, agent.token);
    expect(list.status).toBe(200);
    expect(list.body.map((u) => Object.keys(u).sort())).toContainEqual(['id', 'name', 'serving', 'status']);
    expect(list.body.find((u) => u.name === 'Nia')).toMatchObject({ status: 'offline', serving: 0 });
    expect(list.body.every((u) => u.name !== 'Sam Supervisor')).toBe(true);
    expect((await getJson(`${gw.url}/api/users?role=boss`, agent.token)).status).toBe(400);
    const nia = await loginAs(gw.url, 'new.agent@example.com', 'long-enough-1');
    expect(nia.user.name).toBe('Nia');
  });

  it('takes a token in the query string for attachment downloads only', async () => {
    const supervisor = await loginAs(gw.url, 'supervisor@example.com', TEST_PASSWORD);
    const viaHeader = await fetch(`${gw.url}/api/supervisor/overview`, {
      headers: { authorization: `Bearer ${supervisor.token}` },
    });
    expect(viaHeader.status).toBe(200);
    const viaQuery = await fetch(`${gw.url}/api/supervisor/overview?token=${supervisor.token}`);
    expect(viaQuery.status).toBe(401);
  });

  it('origins: a foreign browser origin is refused on the API and on socket.io; localhost is allowed in development', async () => {
    const foreign = await postJson(`${gw.url}/api/auth/customer`, {}, undefined, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    const local = await postJson(`${gw.url}/api/auth/customer`, {}, undefined, { origin: 'http://localhost:5173' });
    expect(local.status).toBe(200);
    const res = await fetch(`${gw.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    const ok = await fetch(`${gw.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: gw.url } });
    expect(ok.status).toBe(200);
  });

  it('serves OpenAPI, metrics and static files without swallowing /api', async () => {
    const docs = await fetch(`${gw.url}/api/docs-json`);
    expect(docs.status).toBe(200);
    const spec = (await docs.json()) as { paths: Record<string, Record<string, { summary?: string }>> };
    for (const [route, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) expect({ route, method, summary: Boolean(op.summary) }).toMatchObject({ summary: true });
    }
    // Not public: METRICS_TOKEN or METRICS_PORT (http-security.e2e-spec.ts).
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(404);
    const consoleRoute = await fetch(`${gw.url}/agent/some/deep/route`);
    expect(consoleRoute.status).toBe(200);
    expect(consoleRoute.headers.get('content-type')).toMatch(/html/);
    const home = await fetch(`${gw.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('cache-control')).toBe('no-cache');
    const loader = await fetch(`${gw.url}/widget.js`);
    expect(loader.headers.get('cache-control')).toBe('no-cache');
    const consoleHtml = await (await fetch(`${gw.url}/agent/`)).text();
    const asset = /\/agent\/assets\/[^"']+\.js/.exec(consoleHtml)?.[0];
    expect(asset).toBeDefined();
    const hashed = await fetch(`${gw.url}${asset}`);
    expect(hashed.status).toBe(200);
    expect(hashed.headers.get('cache-control')).toMatch(/immutable/);
    const missingApi = await fetch(`${gw.url}/api/nothing-here`);
    expect(missingApi.status).toBe(404);
    expect(((await missingApi.json()) as { statusCode: number }).statusCode).toBe(404);
  });
});
