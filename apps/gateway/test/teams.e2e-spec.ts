// Issue 15, teams and routing (PROTOCOL section 9): GET/POST/PATCH/DELETE /api/teams with each refusal, the widget's
// teams, conversation.start's teamId, queue scoping (queue.list, queue.updated, grab), the fallback while none of a
// team's agents is online, transfer to a team, and deleting a team. Real gateway, real sockets.
import type {
  Conversation,
  QueuePage,
  QueueUpdatedEvent,
  Team,
  TeamListResponse,
  TeamResponse,
  WidgetConfig,
} from '@switchboard/protocol';
import { typedAgent, typedCustomer } from '@switchboard/testing';
import {
  customerWithConversation,
  getJson,
  newAgent,
  newCustomer,
  postJson,
  requestJson,
  startWithSupervisor,
  type Staff,
  type TestGateway,
} from './support/test-gateway';

type ErrorBody = { statusCode: number; message: string | string[] };

describe('teams and routing (issue 15)', () => {
  let gw: TestGateway;
  let supervisor: Staff;

  beforeAll(async () => {
    ({ gw, supervisor } = await startWithSupervisor());
  });
  afterAll(() => gw.close());

  const createTeam = (body: unknown, token = supervisor.token) =>
    postJson<TeamResponse & ErrorBody>(`${gw.url}/api/teams`, body, token);
  const patchTeam = (id: string, body: unknown, token = supervisor.token) =>
    requestJson<TeamResponse & ErrorBody>('PATCH', `${gw.url}/api/teams/${id}`, body, token);
  const deleteTeam = (id: string, token = supervisor.token) =>
    requestJson<ErrorBody>('DELETE', `${gw.url}/api/teams/${id}`, undefined, token);
  const queueIds = async (agent: Staff) =>
    (await typedAgent(agent.socket).ok('queue.list', {})).conversations.map((c) => c.id);
  const startIn = async (teamId?: string, text = 'hello') => {
    const customer = await newCustomer(gw);
    const conversation = await typedCustomer(customer.socket).ok('conversation.start', {
      text,
      ...(teamId ? { teamId } : {}),
    });
    return { customer, conversation };
  };
  /** Whether `agent` receives a queue.updated naming `id` within a short while. */
  const hearsOf = (agent: Staff, id: string, how: 'added' | 'removed', timeoutMs = 1500) =>
    typedAgent(agent.socket)
      .next(
        'queue.updated',
        (u: QueueUpdatedEvent) =>
          how === 'added' ? (u.added ?? []).some((c) => c.id === id) : (u.removed ?? []).includes(id),
        timeoutMs,
      )
      .then(
        () => true,
        () => false,
      );

  describe('the routes', () => {
    let ana: Staff;
    let bo: Staff;
    let support: Team;

    beforeAll(async () => {
      ana = await newAgent(gw, supervisor.token);
      bo = await newAgent(gw, supervisor.token);
    });

    it('lets supervisors make a team, trimmed, members once each in the order given', async () => {
      const made = await createTeam({ name: '  Support ', agentIds: [bo.id, ana.id, bo.id] });
      expect(made.status).toBe(201);
      expect(made.body.team).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        name: 'Support',
        agentIds: [bo.id, ana.id],
      });
      support = made.body.team;
      expect((await createTeam({ name: '售后', agentIds: [] })).status).toBe(201);
    });

    it('answers every team by name to anyone with a token, nobody without', async () => {
      const customer = await newCustomer(gw);
      for (const token of [supervisor.token, ana.token, customer.token]) {
        const listed = await getJson<TeamListResponse>(`${gw.url}/api/teams`, token);
        expect(listed.status).toBe(200);
        expect(listed.body.teams.map((t) => t.name)).toEqual(['Support', '售后']);
      }
      expect((await getJson(`${gw.url}/api/teams`)).status).toBe(401);
    });

    it('lists the teams in the widget configuration, { id, name } only', async () => {
      const config = await getJson<WidgetConfig>(`${gw.url}/api/widget/config`);
      expect(config.body.teams).toEqual([
        { id: support.id, name: 'Support' },
        { id: expect.any(String), name: '售后' },
      ]);
    });

    it('refuses agents and customers the writes (403)', async () => {
      const customer = await newCustomer(gw);
      for (const token of [ana.token, customer.token]) {
        expect((await createTeam({ name: 'Mine', agentIds: [] }, token)).status).toBe(403);
        expect((await patchTeam(support.id, { name: 'Mine' }, token)).status).toBe(403);
        expect((await deleteTeam(support.id, token)).status).toBe(403);
      }
    });

    it.each([
      ['no name', { agentIds: [] }],
      ['a blank name', { name: '   ', agentIds: [] }],
      ['a name too long', { name: 'x'.repeat(61), agentIds: [] }],
      ['no agentIds', { name: 'Sales' }],
      ['agentIds not a list', { name: 'Sales', agentIds: 'abc' }],
      ['an agent id that is not an id', { name: 'Sales', agentIds: ['nope'] }],
      ['an operator for an id', { name: 'Sales', agentIds: [{ $ne: null }] }],
      ['an unknown field', { name: 'Sales', agentIds: [], color: 'red' }],
    ])('refuses %s with 400, storing nothing', async (_, body) => {
      const refused = await createTeam(body);
      expect(refused.status).toBe(400);
      const listed = await getJson<TeamListResponse>(`${gw.url}/api/teams`, supervisor.token);
      expect(listed.body.teams.map((t) => t.name)).not.toContain('Sales');
    });

    it('refuses ids that are not enabled agents, naming them (400)', async () => {
      const customer = await newCustomer(gw);
      const stranger = '0123456789abcdef01234567';
      for (const id of [stranger, customer.id, supervisor.id]) {
        const refused = await createTeam({ name: 'Sales', agentIds: [ana.id, id] });
        expect(refused.status).toBe(400);
        expect(JSON.stringify(refused.body.message)).toContain(id);
      }
      expect((await patchTeam(support.id, { agentIds: [stranger] })).status).toBe(400);
      const kept = await getJson<TeamListResponse>(`${gw.url}/api/teams`, supervisor.token);
      expect(kept.body.teams.find((t) => t.id === support.id)?.agentIds).toEqual([bo.id, ana.id]);
    });

    it('refuses a name taken in any case (409), on create and on rename', async () => {
      expect((await createTeam({ name: 'support', agentIds: [] })).status).toBe(409);
      const other = await createTeam({ name: 'Billing', agentIds: [] });
      expect((await patchTeam(other.body.team.id, { name: ' SUPPORT' })).status).toBe(409);
      expect((await deleteTeam(other.body.team.id)).status).toBe(204);
    });

    it('renames a team and replaces its agents', async () => {
      const renamed = await patchTeam(support.id, { name: 'Customer care' });
      expect(renamed.status).toBe(200);
      expect(renamed.body.team).toEqual({ id: support.id, name: 'Customer care', agentIds: [bo.id, ana.id] });
      const members = await patchTeam(support.id, { agentIds: [ana.id] });
      expect(members.body.team).toEqual({ id: support.id, name: 'Customer care', agentIds: [ana.id] });
      expect((await patchTeam(support.id, { name: '' })).status).toBe(400);
      expect((await patchTeam(support.id, { agentIds: [ana.id], extra: 1 })).status).toBe(400);
    });

    it('answers 404 for a team that does not exist, 400 for an id that is not one', async () => {
      const unknown = '0123456789abcdef01234567';
      expect((await patchTeam(unknown, { name: 'X' })).status).toBe(404);
      expect((await deleteTeam(unknown)).status).toBe(404);
      expect((await patchTeam('not-an-id', { name: 'X' })).status).toBe(400);
      expect((await deleteTeam('not-an-id')).status).toBe(400);
    });
  });

  describe('conversation.start with a team', () => {
    it('stores the team on the Conversation; refuses an unknown or malformed teamId (bad_request), starting nothing', async () => {
      const team = (await createTeam({ name: 'Start team', agentIds: [] })).body.team;
      const unknown = await newCustomer(gw);
      const bad = await typedCustomer(unknown.socket).ack('conversation.start', {
        text: 'hi',
        teamId: '0123456789abcdef01234567',
      });
      expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(await typedCustomer(unknown.socket).ok('conversation.current', {})).toBeNull();
      const malformed = await typedCustomer(unknown.socket).ack('conversation.start', {
        text: 'hi',
        teamId: { $ne: null } as unknown as string,
      });
      expect(malformed).toMatchObject({ ok: false, error: { code: 'bad_request' } });

      const { conversation } = await startIn(team.id);
      expect(conversation.teamId).toBe(team.id);
      const { conversation: teamless } = await customerWithConversation(gw, 'no team');
      expect(teamless.teamId).toBeNull();
    });
  });

  describe('routing', () => {
    let ana: Staff; // in Billing
    let cy: Staff; // in Billing
    let bo: Staff; // in no team
    let billing: Team;

    beforeAll(async () => {
      ana = await newAgent(gw, supervisor.token);
      cy = await newAgent(gw, supervisor.token);
      bo = await newAgent(gw, supervisor.token);
      billing = (await createTeam({ name: 'Billing routing', agentIds: [ana.id, cy.id] })).body.team;
    });

    it("holds the team's conversations and the team-less ones in its agents' queues, only the team-less in others'", async () => {
      const anaAdded = typedAgent(ana.socket).next('queue.updated', (u) =>
        (u.added ?? []).some((c) => c.teamId === billing.id),
      );
      const boUpdates = typedAgent(bo.socket).collect('queue.updated');
      const boRows = typedAgent(bo.socket).collect('conversation.updated');
      const { conversation: ofBilling } = await startIn(billing.id);
      const { conversation: teamless } = await startIn();
      expect((await anaAdded).added?.[0].id).toBe(ofBilling.id);
      // bo hears of the team-less one, never of Billing's (not even its row's conversation.updated)
      await typedAgent(bo.socket).next('queue.updated', (u) =>
        (u.added ?? []).some((c) => c.id === teamless.id),
      );
      await new Promise((r) => setTimeout(r, 300));
      boUpdates.stop();
      boRows.stop();
      expect(boUpdates.items.flatMap((u) => u.added ?? []).map((c) => c.id)).not.toContain(ofBilling.id);
      expect(boRows.items.map((c) => c.id)).not.toContain(ofBilling.id);

      expect(await queueIds(ana)).toEqual(expect.arrayContaining([ofBilling.id, teamless.id]));
      expect(await queueIds(cy)).toEqual(expect.arrayContaining([ofBilling.id, teamless.id]));
      const boQueue = await typedAgent(bo.socket).ok('queue.list', {});
      expect(boQueue.conversations.map((c) => c.id)).toContain(teamless.id);
      expect(boQueue.conversations.map((c) => c.id)).not.toContain(ofBilling.id);
      expect(boQueue.total).toBe(boQueue.conversations.length);
      // supervisors see all of it
      expect(await queueIds(supervisor)).toEqual(expect.arrayContaining([ofBilling.id, teamless.id]));

      // bo may not grab what he does not see; the team's agent may
      const refused = await typedAgent(bo.socket).ack('conversation.grab', { conversationId: ofBilling.id });
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'forbidden', details: { reason: 'not_in_team' } },
      });
      const anaRemoved = hearsOf(cy, ofBilling.id, 'removed');
      expect(
        (await typedAgent(ana.socket).ok('conversation.grab', { conversationId: ofBilling.id })).agentId,
      ).toBe(ana.id);
      expect(await anaRemoved).toBe(true);
      await typedAgent(ana.socket).ok('conversation.close', { conversationId: ofBilling.id, force: true });
      await typedAgent(bo.socket).ok('conversation.grab', { conversationId: teamless.id });
      await typedAgent(bo.socket).ok('conversation.close', { conversationId: teamless.id, force: true });
    });

    it("offers a team's conversations to everyone while none of its agents is online, and takes them back when one comes", async () => {
      const { conversation } = await startIn(billing.id);
      expect(await queueIds(bo)).not.toContain(conversation.id);

      // cy goes away: ana still covers the team, nothing moves
      await typedAgent(cy.socket).ok('agent.status', { status: 'away' });
      expect(await queueIds(bo)).not.toContain(conversation.id);

      // ana goes away too: the team has nobody online; bo hears of its conversation and may grab it
      const offered = hearsOf(bo, conversation.id, 'added', 5000);
      await typedAgent(ana.socket).ok('agent.status', { status: 'away' });
      expect(await offered).toBe(true);
      expect(await queueIds(bo)).toContain(conversation.id);

      // ana is back: it is the team's again; bo loses the row
      const takenBack = hearsOf(bo, conversation.id, 'removed', 5000);
      await typedAgent(ana.socket).ok('agent.status', { status: 'online' });
      expect(await takenBack).toBe(true);
      expect(await queueIds(bo)).not.toContain(conversation.id);
      expect(
        (await typedAgent(bo.socket).ack('conversation.grab', { conversationId: conversation.id })).ok,
      ).toBe(false);

      // and once more offline: bo grabs it
      await typedAgent(ana.socket).ok('agent.status', { status: 'away' });
      const grabbed = await typedAgent(bo.socket).ok('conversation.grab', {
        conversationId: conversation.id,
      });
      expect(grabbed).toMatchObject({ artificialType: 'serving', agentId: bo.id, teamId: billing.id });
      await typedAgent(bo.socket).ok('conversation.close', { conversationId: conversation.id, force: true });
      await typedAgent(ana.socket).ok('agent.status', { status: 'online' });
      await typedAgent(cy.socket).ok('agent.status', { status: 'online' });
    });

    it('moves rows when a team gains or loses an agent', async () => {
      const { conversation } = await startIn(billing.id);
      const gained = hearsOf(bo, conversation.id, 'added', 5000);
      await patchTeam(billing.id, { agentIds: [ana.id, cy.id, bo.id] });
      expect(await gained).toBe(true);
      expect(await queueIds(bo)).toContain(conversation.id);
      const lost = hearsOf(bo, conversation.id, 'removed', 5000);
      await patchTeam(billing.id, { agentIds: [ana.id, cy.id] });
      expect(await lost).toBe(true);
      expect(await queueIds(bo)).not.toContain(conversation.id);
      await typedAgent(ana.socket).ok('conversation.grab', { conversationId: conversation.id });
      await typedAgent(ana.socket).ok('conversation.close', { conversationId: conversation.id, force: true });
    });

    it("transfers to a team: back to that team's queue, with the note; refusals first", async () => {
      const { conversation } = await startIn();
      await typedAgent(bo.socket).ok('conversation.grab', { conversationId: conversation.id });

      const unknownTeam = await typedAgent(bo.socket).ack('conversation.transfer', {
        conversationId: conversation.id,
        toTeamId: '0123456789abcdef01234567',
      });
      expect(unknownTeam).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      const both = await typedAgent(bo.socket).ack('conversation.transfer', {
        conversationId: conversation.id,
        toTeamId: billing.id,
        toAgentId: ana.id,
      });
      expect(both).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      const notYours = await typedAgent(ana.socket).ack('conversation.transfer', {
        conversationId: conversation.id,
        toTeamId: billing.id,
      });
      expect(notYours).toMatchObject({
        ok: false,
        error: { code: 'forbidden', details: { reason: 'not_assignee' } },
      });
      const malformed = await typedAgent(bo.socket).ack('conversation.transfer', {
        conversationId: conversation.id,
        toTeamId: 'billing',
      });
      expect(malformed).toMatchObject({ ok: false, error: { code: 'bad_request' } });

      const offered = hearsOf(ana, conversation.id, 'added', 5000);
      const moved = await typedAgent(bo.socket).ok('conversation.transfer', {
        conversationId: conversation.id,
        toTeamId: billing.id,
        note: 'a refund',
      });
      expect(moved).toMatchObject({
        artificialType: 'transferring',
        agentId: null,
        teamId: billing.id,
        transfer: { mode: 'queue', note: 'a refund' },
      });
      expect(await offered).toBe(true);
      expect(await queueIds(ana)).toContain(conversation.id);
      expect(await queueIds(bo)).not.toContain(conversation.id);
      // the system message tells the story
      const sync = await typedAgent(bo.socket).ok('messages.sync', {
        conversationId: conversation.id,
        afterSeq: 0,
      });
      expect(sync.messages.some((m) => m.system?.code === 'returned_to_queue')).toBe(true);
      // no longer the assignee: refused
      const again = await typedAgent(bo.socket).ack('conversation.transfer', {
        conversationId: conversation.id,
        toTeamId: billing.id,
      });
      expect(again).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      await typedAgent(cy.socket).ok('conversation.grab', { conversationId: conversation.id });
      await typedAgent(cy.socket).ok('conversation.close', { conversationId: conversation.id, force: true });
    });

    it("makes a deleted team's conversations team-less: back in everyone's queue", async () => {
      const doomed = (await createTeam({ name: 'Doomed', agentIds: [ana.id] })).body.team;
      const { conversation } = await startIn(doomed.id);
      expect(await queueIds(bo)).not.toContain(conversation.id);
      const row = typedAgent(bo.socket).next(
        'conversation.updated',
        (c: Conversation) => c.id === conversation.id && c.teamId === null,
        5000,
      );
      expect((await deleteTeam(doomed.id)).status).toBe(204);
      await row;
      expect(await queueIds(bo)).toContain(conversation.id);
      const page: QueuePage = await typedAgent(bo.socket).ok('queue.list', {});
      expect(page.conversations.find((c) => c.id === conversation.id)?.teamId).toBeNull();
      await typedAgent(bo.socket).ok('conversation.grab', { conversationId: conversation.id });
      await typedAgent(bo.socket).ok('conversation.close', { conversationId: conversation.id, force: true });
    });
  });
});
