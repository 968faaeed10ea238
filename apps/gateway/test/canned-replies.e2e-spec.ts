// PROTOCOL section 8, canned replies: GET/POST/PATCH/DELETE /api/canned-replies and every refusal.
import { getModelToken } from '@nestjs/mongoose';
import type { CannedReply, CannedReplyAnswer, CannedReplyList } from '@switchboard/protocol';
import { customerToken, loginAs } from '@switchboard/testing';
import type { Model } from 'mongoose';
import { CannedReplyDocument } from '../src/canned-replies/schemas/canned-reply.schema';
import {
  getJson,
  requestJson,
  startTestGateway,
  TEST_PASSWORD,
  type TestGateway,
} from './support/test-gateway';

interface ErrorBody {
  statusCode: number;
  message: string | string[];
  reason?: string;
}

describe('canned replies', () => {
  let gw: TestGateway;
  let supervisor: string;
  let ana: string;
  let bo: string;
  let anaId: string;

  const url = (id?: string) => `${gw.url}/api/canned-replies${id ? `/${id}` : ''}`;
  const list = async (token: string) => {
    const answer = await getJson<CannedReplyList>(url(), token);
    expect(answer.status).toBe(200);
    return answer.body.cannedReplies;
  };
  const create = (token: string, body: unknown) =>
    requestJson<CannedReplyAnswer & ErrorBody>('POST', url(), body, token);
  const patch = (token: string, id: string, body: unknown) =>
    requestJson<CannedReplyAnswer & ErrorBody>('PATCH', url(id), body, token);
  const remove = (token: string, id: string) =>
    requestJson<ErrorBody | null>('DELETE', url(id), undefined, token);
  async function created(
    token: string,
    body: { shortcut: string; text: string; scope: string },
  ): Promise<CannedReply> {
    const answer = await create(token, body);
    expect(answer.status).toBe(201);
    return answer.body.cannedReply;
  }

  let supervisors = 0;
  /** A second supervisor account, made by the demo one. */
  async function newSupervisorEmail(): Promise<string> {
    const email = `supervisor-${++supervisors}-${Date.now().toString(36)}@example.com`;
    const made = await requestJson(
      'POST',
      `${gw.url}/api/users`,
      { email, name: `Sup ${supervisors}`, role: 'supervisor', password: TEST_PASSWORD },
      supervisor,
    );
    expect(made.status).toBe(201);
    return email;
  }

  beforeAll(async () => {
    gw = await startTestGateway();
    supervisor = (await loginAs(gw.url, 'supervisor@example.com', TEST_PASSWORD)).token;
    const anaLogin = await loginAs(gw.url, 'agent1@example.com', TEST_PASSWORD);
    ana = anaLogin.token;
    anaId = anaLogin.user.id;
    bo = (await loginAs(gw.url, 'agent2@example.com', TEST_PASSWORD)).token;
  });

  afterAll(() => gw.close());

  it("lists the caller's personal replies, then the team's, each by shortcut; never someone else's", async () => {
    const greet = await created(ana, {
      shortcut: 'greet',
      text: '  Hi {{customer.name}}, {{agent.name}} here.\n',
      scope: 'personal',
    });
    expect(greet).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      shortcut: 'greet',
      text: 'Hi {{customer.name}}, {{agent.name}} here.',
      scope: 'personal',
      ownerId: anaId,
    });
    await created(ana, { shortcut: 'apology', text: 'Sorry for the wait.', scope: 'personal' });
    await created(bo, { shortcut: 'bo-only', text: "Bo's own.", scope: 'personal' });
    const refund = await created(supervisor, {
      shortcut: 'refund',
      text: '退款会在 3 个工作日内到账。',
      scope: 'team',
    });
    await created(supervisor, { shortcut: 'bye', text: 'Thanks for chatting!', scope: 'team' });

    const anas = await list(ana);
    expect(anas.map((r) => [r.scope, r.shortcut])).toEqual([
      ['personal', 'apology'],
      ['personal', 'greet'],
      ['team', 'bye'],
      ['team', 'refund'],
    ]);
    expect(anas.find((r) => r.id === refund.id)).toEqual(refund);
    expect((await list(bo)).map((r) => r.shortcut)).toEqual(['bo-only', 'bye', 'refund']);
    // A supervisor's own list holds their personal replies and the team's, not the agents' personal ones.
    expect((await list(supervisor)).map((r) => r.shortcut)).toEqual(['bye', 'refund']);
  });

  it('agents may not write the team set (403 wrong_role); supervisors keep personal replies too', async () => {
    const refused = await create(ana, { shortcut: 'team-try', text: 'x', scope: 'team' });
    expect(refused.status).toBe(403);
    expect(refused.body.reason).toBe('wrong_role');
    expect((await list(supervisor)).some((r) => r.shortcut === 'team-try')).toBe(false);
    const mine = await created(supervisor, { shortcut: 'sup-note', text: 'Mine only.', scope: 'personal' });
    expect((await list(supervisor)).map((r) => r.id)).toContain(mine.id);
    expect((await list(ana)).map((r) => r.id)).not.toContain(mine.id);
  });

  it('a shortcut is unique within a set (409 taken) and free in every other set', async () => {
    await created(ana, { shortcut: 'dup', text: 'one', scope: 'personal' });
    const taken = await create(ana, { shortcut: 'dup', text: 'two', scope: 'personal' });
    expect(taken.status).toBe(409);
    expect(taken.body.reason).toBe('taken');
    await created(bo, { shortcut: 'dup', text: "Bo's dup", scope: 'personal' });
    await created(supervisor, { shortcut: 'dup', text: 'team dup', scope: 'team' });
    expect((await create(supervisor, { shortcut: 'dup', text: 'again', scope: 'team' })).status).toBe(409);
    expect((await list(ana)).filter((r) => r.shortcut === 'dup').map((r) => [r.scope, r.text])).toEqual([
      ['personal', 'one'],
      ['team', 'team dup'],
    ]);
  });

  it('the unique index decides between simultaneous creates: exactly one wins', async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        create(supervisor, { shortcut: 'race', text: `try ${i}`, scope: 'team' }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    const model = gw.app.get<Model<CannedReplyDocument>>(getModelToken(CannedReplyDocument.name));
    const indexes = await model.collection.indexes();
    expect(indexes).toContainEqual(
      expect.objectContaining({ key: { scope: 1, ownerKey: 1, shortcut: 1 }, unique: true }),
    );
  });

  it('refuses malformed bodies with 400 and says which field', async () => {
    const bad: Array<[unknown, string]> = [
      [{ shortcut: 'Hello', text: 'x', scope: 'personal' }, 'shortcut'],
      [{ shortcut: '', text: 'x', scope: 'personal' }, 'shortcut'],
      [{ shortcut: 'a'.repeat(33), text: 'x', scope: 'personal' }, 'shortcut'],
      [{ shortcut: 'two words', text: 'x', scope: 'personal' }, 'shortcut'],
      [{ shortcut: '退款', text: 'x', scope: 'personal' }, 'shortcut'],
      [{ shortcut: { $ne: null }, text: 'x', scope: 'personal' }, 'shortcut'],
      [{ shortcut: 'ok', text: '   ', scope: 'personal' }, 'text'],
      [{ shortcut: 'ok', text: 'x'.repeat(4001), scope: 'personal' }, 'text'],
      [{ shortcut: 'ok', text: 42, scope: 'personal' }, 'text'],
      [{ shortcut: 'ok', text: 'x', scope: 'everyone' }, 'scope'],
      [{ shortcut: 'ok', text: 'x' }, 'scope'],
      [{ shortcut: 'ok', text: 'x', scope: 'personal', ownerId: '65a1b2c3d4e5f60718293a4b' }, 'ownerId'],
    ];
    for (const [body, field] of bad) {
      const answer = await create(ana, body);
      expect([answer.status, JSON.stringify(answer.body.message)]).toEqual([
        400,
        expect.stringContaining(field),
      ]);
    }
    expect((await create(ana, [])).status).toBe(400);
    expect((await create(ana, 'shortcut=ok')).status).toBe(400);
    const longest = await created(ana, {
      shortcut: 'a'.repeat(32),
      text: 'x'.repeat(4000),
      scope: 'personal',
    });
    expect(longest.text).toHaveLength(4000);
    expect((await list(ana)).some((r) => r.shortcut === 'ok')).toBe(false);
  });

  it('PATCH: the owner changes their reply; 404 for someone else’s personal one; team ones are for supervisors', async () => {
    const reply = await created(ana, { shortcut: 'edit-me', text: 'Old text', scope: 'personal' });
    const changed = await patch(ana, reply.id, { text: ' New text ' });
    expect(changed.status).toBe(200);
    expect(changed.body.cannedReply).toEqual({ ...reply, text: 'New text' });
    const renamed = await patch(ana, reply.id, { shortcut: 'edited' });
    expect(renamed.body.cannedReply).toMatchObject({ shortcut: 'edited', text: 'New text' });

    expect((await patch(bo, reply.id, { text: 'Bo was here' })).status).toBe(404);
    expect((await patch(supervisor, reply.id, { text: 'Supervisor was here' })).status).toBe(404);

    const team = await created(supervisor, { shortcut: 'team-edit', text: 'Team text', scope: 'team' });
    const agentTry = await patch(ana, team.id, { text: 'mine now' });
    expect([agentTry.status, agentTry.body.reason]).toEqual([403, 'wrong_role']);
    const otherSupervisor = (await loginAs(gw.url, await newSupervisorEmail(), TEST_PASSWORD)).token;
    const bySecond = await patch(otherSupervisor, team.id, { text: 'Edited by another supervisor' });
    expect(bySecond.status).toBe(200);
    expect(bySecond.body.cannedReply).toMatchObject({ scope: 'team', text: 'Edited by another supervisor' });

    expect((await list(ana)).find((r) => r.id === reply.id)).toMatchObject({
      shortcut: 'edited',
      text: 'New text',
    });
    expect((await list(ana)).find((r) => r.id === team.id)?.text).toBe('Edited by another supervisor');
  });

  it('PATCH refuses a taken shortcut (409), an empty or unknown change (400), a bad or unknown id', async () => {
    const first = await created(bo, { shortcut: 'first', text: 'one', scope: 'personal' });
    const second = await created(bo, { shortcut: 'second', text: 'two', scope: 'personal' });
    const taken = await patch(bo, second.id, { shortcut: 'first' });
    expect([taken.status, taken.body.reason]).toEqual([409, 'taken']);
    // Saving a reply with its own shortcut is no conflict.
    expect((await patch(bo, first.id, { shortcut: 'first', text: 'one again' })).status).toBe(200);
    expect((await patch(bo, second.id, {})).status).toBe(400);
    expect((await patch(bo, second.id, { scope: 'team' })).status).toBe(400);
    expect((await patch(bo, second.id, { shortcut: 'BAD SHORTCUT' })).status).toBe(400);
    expect((await patch(bo, second.id, { text: '' })).status).toBe(400);
    expect((await patch(bo, 'not-an-id', { text: 'x' })).status).toBe(400);
    expect((await patch(bo, '65a1b2c3d4e5f60718293a4b', { text: 'x' })).status).toBe(404);
    expect((await list(bo)).find((r) => r.id === second.id)).toMatchObject({
      shortcut: 'second',
      text: 'two',
    });
  });

  it('DELETE: the owner removes their reply (204, then 404); others get 404 or 403 and nothing goes', async () => {
    const reply = await created(ana, { shortcut: 'delete-me', text: 'Bye', scope: 'personal' });
    expect((await remove(bo, reply.id)).status).toBe(404);
    expect((await remove(supervisor, reply.id)).status).toBe(404);
    expect((await list(ana)).map((r) => r.id)).toContain(reply.id);
    const done = await remove(ana, reply.id);
    expect([done.status, done.body]).toEqual([204, null]);
    expect((await remove(ana, reply.id)).status).toBe(404);
    expect((await list(ana)).map((r) => r.id)).not.toContain(reply.id);
    // The shortcut is free again once its reply is gone.
    await created(ana, { shortcut: 'delete-me', text: 'Back', scope: 'personal' });

    const team = await created(supervisor, { shortcut: 'team-delete', text: 'Team', scope: 'team' });
    const agentTry = await remove(ana, team.id);
    expect([agentTry.status, agentTry.body?.reason]).toEqual([403, 'wrong_role']);
    expect((await remove(supervisor, team.id)).status).toBe(204);
    expect((await list(ana)).map((r) => r.id)).not.toContain(team.id);
    expect((await remove(ana, 'zzz')).status).toBe(400);
  });

  it('customers get 403 on every route and a missing token 401', async () => {
    const customer = (await customerToken(gw.url, { name: 'Cora' })).token;
    const some = (await list(ana))[0];
    expect((await getJson(url(), customer)).status).toBe(403);
    expect((await create(customer, { shortcut: 'cust', text: 'x', scope: 'personal' })).status).toBe(403);
    expect((await patch(customer, some.id, { text: 'x' })).status).toBe(403);
    expect((await remove(customer, some.id)).status).toBe(403);
    expect((await getJson(url())).status).toBe(401);
    expect(
      (await requestJson('POST', url(), { shortcut: 'anon', text: 'x', scope: 'personal' })).status,
    ).toBe(401);
    expect((await requestJson('PATCH', url(some.id), { text: 'x' })).status).toBe(401);
    expect((await requestJson('DELETE', url(some.id))).status).toBe(401);
    expect((await list(ana)).find((r) => r.id === some.id)).toEqual(some);
  });
});
