// Issue 13: a user's language. `PATCH /api/users/me { locale }` saves it for the caller (any role), `GET
// /api/users/me` and the sign-in answer carry it (null until chosen), and `me` never falls into `/api/users/:id`.
import type { LoginResponse, PublicUser, StaffAccount } from '@switchboard/protocol';
import { customerToken, loginAs } from '@switchboard/testing';
import {
  getJson,
  newAgent,
  requestJson,
  startWithSupervisor,
  TEST_PASSWORD,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

describe('the user language preference (PATCH /api/users/me)', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let agent: Staff;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
    agent = await newAgent(gw, supervisor.token);
  });
  afterAll(() => gw.close());

  const patchMe = <T = PublicUser>(body: unknown, token?: string) =>
    requestJson<T>('PATCH', `${gw.url}/api/users/me`, body, token);

  it('starts as null at sign-in and in GET /api/users/me', async () => {
    expect(agent.login.user.locale).toBeNull();
    const me = await getJson<PublicUser>(`${gw.url}/api/users/me`, agent.token);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: agent.id, role: 'agent', name: agent.login.user.name, email: agent.login.user.email, locale: null });
  });

  it('saves the caller’s own choice, answers the user, and the next sign-in carries it', async () => {
    const saved = await patchMe({ locale: 'zh-CN' }, agent.token);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ id: agent.id, role: 'agent', locale: 'zh-CN' });
    expect((await getJson<PublicUser>(`${gw.url}/api/users/me`, agent.token)).body.locale).toBe('zh-CN');
    const again: LoginResponse = await loginAs(gw.url, agent.login.user.email, TEST_PASSWORD);
    expect(again.user.locale).toBe('zh-CN');
    // Only the caller's own account changed.
    expect((await getJson<PublicUser>(`${gw.url}/api/users/me`, supervisor.token)).body.locale).toBeNull();
    expect((await patchMe({ locale: 'en' }, agent.token)).body.locale).toBe('en');
  });

  it('is open to every signed-in role, supervisors and customers too, and closed without a token', async () => {
    expect((await patchMe({ locale: 'zh-CN' }, supervisor.token)).body).toMatchObject({ id: supervisor.id, locale: 'zh-CN' });
    const customer = await customerToken(gw.url, { name: '王小明' });
    const mine = await patchMe({ locale: 'zh-CN' }, customer.token);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: customer.customer.id, role: 'customer', locale: 'zh-CN' });
    expect((await patchMe({ locale: 'en' })).status).toBe(401);
    expect((await getJson(`${gw.url}/api/users/me`)).status).toBe(401);
  });

  it.each([
    ['an unsupported language', { locale: 'fr' }],
    ['a tag that only looks close', { locale: 'zh' }],
    ['no locale', {}],
    ['null', { locale: null }],
    ['a number', { locale: 1 }],
    ['an operator', { locale: { $ne: 'en' } }],
    ['an unknown field', { locale: 'en', role: 'supervisor' }],
  ])('refuses %s with 400 and the reason', async (_what, body) => {
    const refused = await patchMe<{ statusCode: number; message: string[] }>(body, agent.token);
    expect(refused.status).toBe(400);
    expect(refused.body.statusCode).toBe(400);
    expect(refused.body.message.join(' ')).toMatch(/locale must be one of: en, zh-CN|property role should not exist/);
    const me = await getJson<PublicUser>(`${gw.url}/api/users/me`, agent.token);
    expect(me.body.role).toBe('agent');
    expect(me.body.locale).toBe('en');
  });

  it('does not collide with PATCH /api/users/:id, which stays for supervisors', async () => {
    // An agent patching `me` with an account field gets the preferences DTO's answer, not the supervisor route's 403.
    const asAgent = await patchMe<{ message: string[] }>({ name: 'Someone else' }, agent.token);
    expect(asAgent.status).toBe(400);
    expect(asAgent.body.message.join(' ')).toContain('property name should not exist');
    // A supervisor's `me` is theirs too: no MongoIdPipe refusal ("id must be a mongodb id").
    const self = await patchMe<{ message: string[] }>({ name: 'Renamed' }, supervisor.token);
    expect(self.body.message.join(' ')).not.toContain('mongodb id');
    // And `:id` still works for a real id, leaving the locale alone.
    const renamed = await requestJson<StaffAccount>('PATCH', `${gw.url}/api/users/${agent.id}`, { name: 'Agent Renamed' }, supervisor.token);
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Agent Renamed');
    expect((await getJson<PublicUser>(`${gw.url}/api/users/me`, agent.token)).body).toMatchObject({ name: 'Agent Renamed', locale: 'en' });
    expect((await requestJson('PATCH', `${gw.url}/api/users/not-an-id`, { name: 'x' }, supervisor.token)).status).toBe(400);
    expect((await getJson(`${gw.url}/api/users/${agent.id}`, supervisor.token)).status).toBe(200);
  });
});
