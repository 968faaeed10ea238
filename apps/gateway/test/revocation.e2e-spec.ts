// Issue 10, attack 4: tokens are revoked. A disabled, deleted or re-passworded account's tokens get 401 over REST,
// its open sockets are told why and disconnected, sockets close at token expiry, and PATCH /api/users/:id is checked.
import { getModelToken } from '@nestjs/mongoose';
import {
  CLIENT_EVENTS,
  SERVER_EVENTS,
  type AgentSummary,
  type Conversation,
  type Message,
  type SessionRevokedEvent,
  type StaffAccount,
} from '@switchboard/protocol';
import { clientMsgId, connectAgent, connectCustomer, customerToken, emitAck, emitOk, loginAs, nextEvent, waitFor } from '@switchboard/testing';
import type { Model } from 'mongoose';
import { Types } from 'mongoose';
import type { Socket } from 'socket.io-client';
import { User } from '../src/users/schemas/user.schema';
import {
  customerWithConversation,
  getJson,
  newAgent,
  postJson,
  requestJson,
  startTestGateway,
  startWithSupervisor,
  TEST_PASSWORD,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

const E = CLIENT_EVENTS;
let counter = 0;

/** What the server told the socket before it was closed, and how it was closed. */
function ending(socket: Socket, timeoutMs = 8000): Promise<{ revoked: SessionRevokedEvent | null; reason: string }> {
  let revoked: SessionRevokedEvent | null = null;
  socket.on(SERVER_EVENTS.sessionRevoked, (event: SessionRevokedEvent) => (revoked = event));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve({ revoked, reason });
    });
  });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the connection was accepted');
}

const patch = <T = StaffAccount>(gw: TestGateway, id: string, body: unknown, token?: string) =>
  requestJson<T>('PATCH', `${gw.url}/api/users/${id}`, body, token);

async function newStaff(gw: TestGateway, supervisorToken: string, role: 'agent' | 'supervisor', password = TEST_PASSWORD) {
  const email = `${role}-${++counter}-${Date.now().toString(36)}@example.com`;
  const created = await postJson<{ id: string }>(
    `${gw.url}/api/users`,
    { email, name: `${role} ${counter}`, role, password },
    supervisorToken,
  );
  if (created.status !== 201) throw new Error(`POST /api/users → ${created.status}`);
  const login = await loginAs(gw.url, email, password);
  return { id: login.user.id, email, token: login.token };
}

/** A new account to create as whoever holds `token`: 201 while the token works. */
const createWith = (gw: TestGateway, token: string) =>
  postJson(
    `${gw.url}/api/users`,
    { email: `made-${++counter}-${Date.now().toString(36)}@example.com`, name: 'Made', role: 'agent', password: TEST_PASSWORD },
    token,
  );

describe('token revocation', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let users: Model<User>;

  beforeAll(async () => {
    // no periodic re-check here: what ends the sockets below is the account change's own event
    ({ gw, supervisor } = await startWithSupervisor({}, { sessionRecheckMs: 600_000 }));
    users = gw.app.get<Model<User>>(getModelToken(User.name));
  });

  afterAll(() => gw.close());

  it('a disabled supervisor’s token gets 401 on POST /api/users at once, and it cannot sign in', async () => {
    const sam2 = await newStaff(gw, supervisor.token, 'supervisor');
    expect((await createWith(gw, sam2.token)).status).toBe(201);

    const disabled = await patch(gw, sam2.id, { disabled: true }, supervisor.token);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: sam2.id, role: 'supervisor', disabled: true, email: sam2.email });

    const refused = await createWith(gw, sam2.token);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect((await getJson(`${gw.url}/api/users`, sam2.token)).status).toBe(401);
    expect((await postJson(`${gw.url}/api/auth/login`, { email: sam2.email, password: TEST_PASSWORD })).status).toBe(401);
    expect(await refusal(connectAgent(gw.url, sam2.token))).toBe('unauthorized');

    // enabling again does not bring the old token back; a new sign-in works
    expect((await patch(gw, sam2.id, { disabled: false }, supervisor.token)).body).toMatchObject({ disabled: false });
    expect((await createWith(gw, sam2.token)).status).toBe(401);
    const again = await loginAs(gw.url, sam2.email, TEST_PASSWORD);
    expect((await createWith(gw, again.token)).status).toBe(201);
  });

  it('a deleted supervisor’s token gets 401; the account is gone from lists and its e-mail is free again', async () => {
    const sam3 = await newStaff(gw, supervisor.token, 'supervisor');
    expect((await createWith(gw, sam3.token)).status).toBe(201);
    const deleted = await requestJson('DELETE', `${gw.url}/api/users/${sam3.id}`, undefined, supervisor.token);
    expect(deleted.status).toBe(204);
    expect((await createWith(gw, sam3.token)).status).toBe(401);
    expect((await postJson(`${gw.url}/api/auth/login`, { email: sam3.email, password: TEST_PASSWORD })).status).toBe(401);
    expect((await getJson(`${gw.url}/api/users/${sam3.id}`, supervisor.token)).status).toBe(404);
    expect((await patch(gw, sam3.id, { name: 'Back' }, supervisor.token)).status).toBe(404);
    expect((await requestJson('DELETE', `${gw.url}/api/users/${sam3.id}`, undefined, supervisor.token)).status).toBe(404);
    const list = await getJson<StaffAccount[]>(`${gw.url}/api/users`, supervisor.token);
    expect(list.body.some((u) => u.id === sam3.id)).toBe(false);
    const reused = await postJson(`${gw.url}/api/users`, { email: sam3.email, name: 'New owner', role: 'agent', password: TEST_PASSWORD }, supervisor.token);
    expect(reused.status).toBe(201);
  });

  it('a supervisor removed from the database directly is refused within the cache time', async () => {
    const sam4 = await newStaff(gw, supervisor.token, 'supervisor');
    expect((await createWith(gw, sam4.token)).status).toBe(201);
    await users.deleteOne({ _id: new Types.ObjectId(sam4.id) }).exec();
    await waitFor(async () => (await createWith(gw, sam4.token)).status === 401, {
      timeoutMs: gw.config.principalCacheMs + 3000,
      intervalMs: 200,
      what: 'the token of a deleted account to be refused',
    });
  });

  it('an agent disabled while connected is told why and disconnected; their conversation goes back to the queue', async () => {
    const ana = await newAgent(gw, supervisor.token);
    const bo = await newAgent(gw, supervisor.token);
    const secondTab = gw.track(await connectAgent(gw.url, ana.token));
    const { customer, conversation } = await customerWithConversation(gw, 'help me');
    await emitOk(ana.socket, E.conversationGrab, { conversationId: conversation.id });

    const endings = [ending(ana.socket), ending(secondTab)];
    const requeued = nextEvent<Conversation>(customer.socket, SERVER_EVENTS.conversationUpdated, (c) => c.artificialType === 'transferring', 8000);
    expect((await patch(gw, ana.id, { disabled: true }, supervisor.token)).status).toBe(200);
    for (const ended of await Promise.all(endings)) {
      expect(ended).toEqual({ revoked: { reason: 'disabled' }, reason: 'io server disconnect' });
    }
    expect(await refusal(connectAgent(gw.url, ana.token))).toBe('unauthorized');

    // disabled = absent without the grace period: the same requeue rule, system message and all
    const back = await requeued;
    expect(back).toMatchObject({ agentId: null, transfer: { mode: 'queue', fromAgentId: ana.id } });
    const history = await emitOk<{ messages: Message[] }>(supervisor.socket, E.messagesSync, { conversationId: conversation.id, afterSeq: 0 });
    expect(history.messages.some((m) => m.kind === 'system' && m.text?.includes('went offline'))).toBe(true);
    // the conversation keeps working with another agent; the disabled one can no longer be given work
    await emitOk(bo.socket, E.conversationGrab, { conversationId: conversation.id });
    await emitOk(customer.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), text: 'still here' });
    const transfer = await emitAck(bo.socket, E.conversationTransfer, { conversationId: conversation.id, toAgentId: ana.id });
    expect(transfer).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const assign = await emitAck(supervisor.socket, E.conversationAssign, { conversationId: conversation.id, agentId: ana.id });
    expect(assign).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // agents no longer list the disabled colleague; supervisors still do, marked
    const asAgent = await getJson<AgentSummary[]>(`${gw.url}/api/users?role=agent`, bo.token);
    expect(asAgent.body.some((u) => u.id === ana.id)).toBe(false);
    expect(asAgent.body.map((u) => Object.keys(u).sort())).toContainEqual(['id', 'name', 'serving', 'status']);
    const asSupervisor = await getJson<StaffAccount[]>(`${gw.url}/api/users?role=agent`, supervisor.token);
    expect(asSupervisor.body.find((u) => u.id === ana.id)).toMatchObject({ disabled: true, status: 'offline', role: 'agent' });
  });

  it('a new password ends every session of the account: old tokens 401, the new password signs in', async () => {
    const cy = await newStaff(gw, supervisor.token, 'agent');
    const socket = gw.track(await connectAgent(gw.url, cy.token));
    const ended = ending(socket);
    const changed = await patch(gw, cy.id, { password: 'a-new-password-2' }, supervisor.token);
    expect(changed.status).toBe(200);
    expect(changed.body).not.toHaveProperty('passwordHash');
    expect(await ended).toEqual({ revoked: { reason: 'password_changed' }, reason: 'io server disconnect' });
    expect((await getJson(`${gw.url}/api/users?role=agent`, cy.token)).status).toBe(401);
    expect((await postJson(`${gw.url}/api/auth/login`, { email: cy.email, password: TEST_PASSWORD })).status).toBe(401);
    const fresh = await loginAs(gw.url, cy.email, 'a-new-password-2');
    expect((await getJson(`${gw.url}/api/users?role=agent`, fresh.token)).status).toBe(200);
    gw.track(await connectAgent(gw.url, fresh.token));
  });

  it('PATCH /api/users/:id validates its body and refuses what would lock supervisors out', async () => {
    const agent = await newStaff(gw, supervisor.token, 'agent');
    const bad = async (body: unknown) => {
      const res = await patch<{ statusCode: number; message: string[] }>(gw, agent.id, body, supervisor.token);
      expect(res.status).toBe(400);
      return res.body.message.join(' | ');
    };
    expect(await bad({})).toMatch(/at least one of disabled, password, maxConcurrent, name/);
    expect(await bad({ name: null })).toMatch(/at least one/);
    expect(await bad({ role: 'supervisor' })).toMatch(/role/);
    expect(await bad({ password: 'short' })).toMatch(/password/);
    expect(await bad({ maxConcurrent: 0 })).toMatch(/maxConcurrent/);
    expect(await bad({ maxConcurrent: '3' })).toMatch(/maxConcurrent/);
    expect(await bad({ disabled: 'yes' })).toMatch(/disabled/);
    expect(await bad({ name: '   ' })).toMatch(/name/);
    expect(await bad('[]')).toMatch(/JSON object/);
    expect((await patch(gw, 'not-an-id', { name: 'x' }, supervisor.token)).status).toBe(400);
    expect((await patch(gw, new Types.ObjectId().toHexString(), { name: 'x' }, supervisor.token)).status).toBe(404);
    const customer = await customerToken(gw.url, { name: 'Not staff' });
    expect((await patch(gw, customer.customer.id, { disabled: true }, supervisor.token)).status).toBe(404);
    expect((await patch(gw, agent.id, { name: 'x' }, agent.token)).status).toBe(403);
    expect((await patch(gw, agent.id, { name: 'x' })).status).toBe(401);
    expect((await getJson(`${gw.url}/api/users/${agent.id}`, agent.token)).status).toBe(403);

    const self = await patch<{ statusCode: number; message: string }>(gw, supervisor.id, { disabled: true }, supervisor.token);
    expect(self).toEqual({ status: 409, body: { statusCode: 409, message: 'you cannot disable your own account', error: 'Conflict' } });
    const selfDelete = await requestJson<{ message: string }>('DELETE', `${gw.url}/api/users/${supervisor.id}`, undefined, supervisor.token);
    expect(selfDelete.status).toBe(409);
    expect(selfDelete.body.message).toBe('you cannot delete your own account');
    // nothing changed: the supervisor still works
    expect((await createWith(gw, supervisor.token)).status).toBe(201);
  });

  it('two supervisors disabling each other at once leave at least one enabled supervisor', async () => {
    const x = await newStaff(gw, supervisor.token, 'supervisor');
    const y = await newStaff(gw, supervisor.token, 'supervisor');
    // only x and y are enabled supervisors while they race (the others are set aside in the database, then restored)
    const others = (await users.find({ role: 'supervisor', disabled: { $ne: true }, deletedAt: null }).lean().exec())
      .map((u) => u._id)
      .filter((id) => ![x.id, y.id].includes(id.toHexString()));
    await users.updateMany({ _id: { $in: others } }, { $set: { disabled: true } }).exec();
    try {
      const answers = await Promise.all([patch(gw, y.id, { disabled: true }, x.token), patch(gw, x.id, { disabled: true }, y.token)]);
      for (const answer of answers) expect([200, 401, 409]).toContain(answer.status);
      expect(answers.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
      const enabled = await users.countDocuments({ role: 'supervisor', disabled: { $ne: true }, deletedAt: null }).exec();
      expect(enabled).toBeGreaterThanOrEqual(1);
      const refused = answers.find((a) => a.status === 409);
      if (refused) expect(refused.body).toMatchObject({ message: expect.stringContaining('last enabled supervisor') });
    } finally {
      await users.updateMany({ _id: { $in: others } }, { $set: { disabled: false } }).exec();
    }
  });
});

describe('the periodic re-check of connected accounts', () => {
  let gw: TestGateway;
  let supervisor: Staff;
  let users: Model<User>;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor({}, { sessionRecheckMs: 300 }));
    users = gw.app.get<Model<User>>(getModelToken(User.name));
  });

  afterAll(() => gw.close());

  it('a change made in the database directly still ends open sockets (the periodic re-check)', async () => {
    const dee = await newStaff(gw, supervisor.token, 'agent');
    const socket = gw.track(await connectAgent(gw.url, dee.token));
    const ended = ending(socket);
    await users.updateOne({ _id: new Types.ObjectId(dee.id) }, { $inc: { tokenVersion: 1 } }).exec();
    expect(await ended).toEqual({ revoked: { reason: 'revoked' }, reason: 'io server disconnect' });

    const eve = await newStaff(gw, supervisor.token, 'agent');
    const eveSocket = gw.track(await connectAgent(gw.url, eve.token));
    const eveEnded = ending(eveSocket);
    await users.deleteOne({ _id: new Types.ObjectId(eve.id) }).exec();
    expect(await eveEnded).toEqual({ revoked: { reason: 'deleted' }, reason: 'io server disconnect' });
  });

  it('renaming and a new load limit keep the sessions; the name shows in later system messages', async () => {
    const fay = await newAgent(gw, supervisor.token);
    let revoked = false;
    fay.socket.on(SERVER_EVENTS.sessionRevoked, () => (revoked = true));
    const renamed = await patch(gw, fay.id, { name: '  Fay Renamed ', maxConcurrent: 7 }, supervisor.token);
    expect(renamed.body).toMatchObject({ name: 'Fay Renamed', maxConcurrent: 7, disabled: false });
    expect((await getJson<StaffAccount>(`${gw.url}/api/users/${fay.id}`, supervisor.token)).body).toMatchObject({ name: 'Fay Renamed' });
    expect((await getJson(`${gw.url}/api/users?role=agent`, fay.token)).status).toBe(200);
    // the re-check gives the open socket the new name (within a few passes)
    await waitFor(
      async () => {
        const { conversation } = await customerWithConversation(gw);
        await emitOk(fay.socket, E.conversationGrab, { conversationId: conversation.id });
        const sync = await emitOk<{ messages: Message[] }>(fay.socket, E.messagesSync, { conversationId: conversation.id, afterSeq: 0 });
        await emitOk(fay.socket, E.conversationClose, { conversationId: conversation.id, force: true });
        return sync.messages.some((m) => m.text === 'Fay Renamed joined');
      },
      { timeoutMs: 5000, intervalMs: 400, what: 'the new name in a system message' },
    );
    expect(fay.socket.connected).toBe(true);
    expect(revoked).toBe(false);
  });
});

describe('sockets close when their token expires', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({}, { staffTokenTtlS: 2, customerTokenTtlS: 2 });
  });

  afterAll(() => gw.close());

  it('an agent socket is told `expired` and closed at its token’s expiry; the token is then refused', async () => {
    const login = await loginAs(gw.url, 'agent1@example.com', TEST_PASSWORD);
    const socket = gw.track(await connectAgent(gw.url, login.token));
    const started = Date.now();
    expect(await ending(socket, 6000)).toEqual({ revoked: { reason: 'expired' }, reason: 'io server disconnect' });
    // not before the token's own expiry (exp has whole seconds: at most 1 s early)
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await refusal(connectAgent(gw.url, login.token))).toBe('unauthorized');
    expect((await getJson(`${gw.url}/api/users?role=agent`, login.token)).status).toBe(401);
  });

  it('a customer socket too; the visitorId then gets a fresh token for the same customer', async () => {
    const auth = await customerToken(gw.url, { name: 'Short' });
    const socket = gw.track(await connectCustomer(gw.url, auth.token));
    const conversation = await emitOk<Conversation>(socket, E.conversationStart, { text: 'hi' });
    expect(await ending(socket, 6000)).toEqual({ revoked: { reason: 'expired' }, reason: 'io server disconnect' });
    const renewed = await customerToken(gw.url, { visitorId: auth.visitorId });
    expect(renewed.customer.id).toBe(auth.customer.id);
    const back = gw.track(await connectCustomer(gw.url, renewed.token));
    expect(await emitOk<Conversation>(back, E.conversationCurrent, {})).toMatchObject({ id: conversation.id });
  });
});
