// Every row of the conversation-rules table (libs/protocol/src/conversation-rules.ts), applied by the real
// ConversationsService and ConversationTransitions on the real embedded store: no sockets, no rate limits, the
// time passed in. Races run the services concurrently. The last test checks that every row was exercised.
import {
  DEFAULT_SETTINGS,
  TRANSITIONS,
  type ConversationAction,
  type Reason,
  type SystemCode,
} from '@switchboard/protocol';
import type { SocketUser } from '../src/auth/principal';
import { DomainError } from '../src/common/domain-error';
import type { ConversationRecord } from '../src/conversations/schemas/conversation.schema';
import { SettingsService } from '../src/settings/settings.service';
import { TeamsRepository } from '../src/teams/teams.repository';
import { startConversationServices, type ConversationServices } from './factories/conversation-services';

describe('conversation transitions (services on the real store)', () => {
  let s: ConversationServices;
  const covered = new Set<ConversationAction>();

  beforeAll(async () => {
    s = await startConversationServices();
  });

  afterAll(async () => {
    await s?.close();
  });

  const reload = async (c: { _id: string } | { id: string }) =>
    (await s.conversations.findById('_id' in c ? c._id : c.id))!;
  const slots = (agent: SocketUser) => s.make.user.servingCount(agent);

  /** The system messages stored for a conversation, as codes. */
  async function systemCodes(c: { _id: string } | { id: string }): Promise<SystemCode[]> {
    const id = '_id' in c ? c._id : c.id;
    const stored = await s.messages.range(id, 0, 200);
    return stored.filter((m) => m.sender.type === 'system').map((m) => m.system!.code);
  }

  async function expectRefused(promise: Promise<unknown>, code: string, reason: Reason): Promise<void> {
    expect(await refusal(promise)).toEqual({ code, reason });
  }

  async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason: Reason | undefined }> {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    const { code, details } = error as DomainError;
    return { code, reason: (details as { reason?: Reason } | undefined)?.reason };
  }

  async function fixture() {
    const customer = await s.make.user.customer();
    const agent = await s.make.user.agent();
    return { customer, agent };
  }

  it('grab: open or transferring → serving, a slot reserved, the agent joins; refused when taken, not online, at capacity, or not an agent', async () => {
    const { customer, agent } = await fixture();
    const queuedAt = new Date(Date.now() - 30_000);
    const open = await s.make.conversation.create(customer, { queuedAt });
    const after = await s.service.grab(agent, open._id);
    expect(after).toMatchObject({ artificialType: 'serving', agentId: agent.id });
    expect(await slots(agent)).toBe(1);
    expect((await reload(open)).waitSeconds).toBeGreaterThanOrEqual(30);
    expect(await systemCodes(open)).toEqual(['agent_joined']);
    const [message] = await s.messages.range(open._id, 0, 10);
    expect(message.system).toEqual({ code: 'agent_joined', params: { agentName: agent.name } });
    expect(message.text).toBe(`${agent.name} joined`);

    const other = await s.make.user.agent();
    await expectRefused(s.service.grab(other, open._id), 'conflict', 'taken');
    const away = await s.make.user.agent({ status: 'away' });
    const second = await s.make.conversation.create(await s.make.user.customer(), { state: 'transferring' });
    await expectRefused(s.service.grab(away, second._id), 'conflict', 'not_online');
    const full = await s.make.user.agent({ maxConcurrent: 1 });
    await s.make.conversation.create(await s.make.user.customer(), { state: 'serving', agent: full });
    await expectRefused(s.service.grab(full, second._id), 'conflict', 'at_capacity');
    expect(await slots(full)).toBe(1);
    const supervisor = await s.make.user.supervisor();
    await expectRefused(s.service.grab(supervisor, second._id), 'forbidden', 'wrong_role');
    expect(await s.service.grab(other, second._id)).toMatchObject({
      artificialType: 'serving',
      agentId: other.id,
    });
    const closed = await s.make.conversation.create(await s.make.user.customer(), { state: 'closed' });
    await expectRefused(s.service.grab(other, closed._id), 'conflict', 'wrong_state');
    covered.add('grab');
  });

  it('transfer to an agent, then accept: the slot moves to the target; decline and cancel keep the assignee', async () => {
    const { customer, agent } = await fixture();
    const target = await s.make.user.agent();
    const c = await s.make.conversation.create(customer, { state: 'serving', agent });
    const offered = await s.service.transfer(agent, {
      conversationId: c._id,
      toAgentId: target.id,
      note: 'billing',
    });
    expect(offered).toMatchObject({
      artificialType: 'transfer_initiated',
      agentId: agent.id,
      transfer: { mode: 'agent', toAgentId: target.id, note: 'billing' },
    });
    expect((await reload(c)).deadlineAt).not.toBeNull();
    await expectRefused(
      s.service.acceptTransfer(await s.make.user.agent(), c._id),
      'forbidden',
      'not_transfer_target',
    );
    await expectRefused(s.service.transfer(target, { conversationId: c._id }), 'forbidden', 'not_assignee');
    const accepted = await s.service.acceptTransfer(target, c._id);
    expect(accepted).toMatchObject({ artificialType: 'serving', agentId: target.id, transfer: null });
    expect([await slots(agent), await slots(target)]).toEqual([0, 1]);
    expect((await reload(c)).participants).toEqual(expect.arrayContaining([agent.id, target.id]));
    covered.add('transfer_to_agent').add('accept_transfer');

    const third = await s.make.user.agent();
    await s.service.transfer(target, { conversationId: c._id, toAgentId: third.id });
    expect(await s.service.declineTransfer(third, c._id)).toMatchObject({
      artificialType: 'serving',
      agentId: target.id,
      transfer: null,
    });
    await s.service.transfer(target, { conversationId: c._id, toAgentId: third.id });
    await expectRefused(s.service.cancelTransfer(third, c._id), 'forbidden', 'not_assignee');
    expect(await s.service.cancelTransfer(target, c._id)).toMatchObject({
      artificialType: 'serving',
      agentId: target.id,
      transfer: null,
    });
    await expectRefused(s.service.declineTransfer(third, c._id), 'conflict', 'wrong_state');
    expect([await slots(target), await slots(third)]).toEqual([1, 0]);
    expect(await systemCodes(c)).toEqual([
      'transfer_offered',
      'transfer_accepted',
      'transfer_offered',
      'transfer_declined',
      'transfer_offered',
      'transfer_cancelled',
    ]);
    covered.add('decline_transfer').add('cancel_transfer');
  });

  it('transfer to the queue: transferring, unassigned, the slot released, unread.agent cleared', async () => {
    const { customer, agent } = await fixture();
    const c = await s.make.conversation.create(customer, { state: 'serving', agent });
    const after = await s.service.transfer(agent, { conversationId: c._id, note: 'needs billing' });
    expect(after).toMatchObject({
      artificialType: 'transferring',
      agentId: null,
      transfer: { mode: 'queue', fromAgentId: agent.id, note: 'needs billing' },
    });
    expect(after.unread.agent).toBe(0);
    expect(await slots(agent)).toBe(0);
    const [message] = await s.messages.range(c._id, 0, 10);
    expect(message.text).toBe(`${agent.name} returned the conversation to the queue: needs billing`);
    covered.add('transfer_to_queue');
  });

  it('transfer to a team (section 9): transferring with that team, the slot released, the note kept', async () => {
    const { customer, agent } = await fixture();
    const team = await s.app.get(TeamsRepository).create({ name: 'Refunds', key: 'refunds', agentIds: [] });
    const c = await s.make.conversation.create(customer, { state: 'serving', agent });
    const teamId = team._id.toHexString();
    const after = await s.service.transfer(agent, {
      conversationId: c._id,
      toTeamId: teamId,
      note: 'a refund',
    });
    expect(after).toMatchObject({
      artificialType: 'transferring',
      agentId: null,
      teamId,
      transfer: { mode: 'queue', note: 'a refund' },
    });
    expect(await slots(agent)).toBe(0);
    expect(await systemCodes(c)).toEqual(['returned_to_queue']);
    await expectRefused(
      s.service.transfer(agent, { conversationId: c._id, toTeamId: teamId }),
      'forbidden',
      'not_assignee',
    );
    covered.add('transfer_to_team');
  });

  it('auto assign (section 9): a queued conversation to the chosen agent, only at the load it was chosen on', async () => {
    const { customer, agent } = await fixture();
    const c = await s.make.conversation.create(customer, { queuedAt: new Date(Date.now() - 10_000) });
    // the agent's load moved since the choice: refused, nothing reserved, nothing changed
    await expect(
      s.transitions.happen('auto_assign', c, { input: { agentId: agent.id }, expectedLoad: 1 }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(await slots(agent)).toBe(0);
    expect((await reload(c)).artificialType).toBe('open');
    const after = await s.transitions.happen('auto_assign', c, {
      input: { agentId: agent.id },
      expectedLoad: 0,
    });
    expect(after).toMatchObject({ artificialType: 'serving', agentId: agent.id });
    expect(await slots(agent)).toBe(1);
    expect(await systemCodes(c)).toEqual(['agent_joined']);
    expect((await reload(c)).waitSeconds).toBeGreaterThanOrEqual(10);
    // a second gateway acting on the same read loses the compare-and-set and releases what it reserved
    const other = await s.make.user.agent();
    expect(
      await s.transitions.happen('auto_assign', c, { input: { agentId: other.id }, expectedLoad: 0 }),
    ).toBeNull();
    expect(await slots(other)).toBe(0);
    // an agent who is not online is never given one
    const away = await s.make.user.agent({ status: 'away' });
    const d = await s.make.conversation.create(await s.make.user.customer());
    await expect(
      s.transitions.happen('auto_assign', d, { input: { agentId: away.id }, expectedLoad: 0 }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(await slots(away)).toBe(0);
    covered.add('auto_assign');
  });

  it('transfer timeout: nothing before the deadline, back to the same agent after it', async () => {
    const { customer, agent } = await fixture();
    const target = await s.make.user.agent();
    const deadline = new Date(Date.now() + 60_000);
    const c = await s.make.conversation.create(customer, {
      state: 'transfer_initiated',
      agent,
      offeredTo: target,
      deadlineAt: deadline,
    });
    expect(await s.service.expireTransfers(new Date(deadline.getTime() - 1000))).toBe(0);
    expect(await s.service.expireTransfers(new Date(deadline.getTime() + 1000))).toBeGreaterThanOrEqual(1);
    expect(await reload(c)).toMatchObject({
      artificialType: 'serving',
      agentId: agent.id,
      transfer: null,
      deadlineAt: null,
    });
    expect(await systemCodes(c)).toEqual(['transfer_expired']);
    expect(await slots(agent)).toBe(1);
    covered.add('transfer_timeout');
  });

  it('propose close: close_initiated, and the proposal line marks which customer messages resume it', async () => {
    const { customer, agent } = await fixture();
    const c = await s.make.conversation.create(customer, { state: 'serving', agent });
    const proposed = await s.service.closeByAgent(agent, { conversationId: c._id });
    expect(proposed.artificialType).toBe('close_initiated');
    const stored = await reload(c);
    expect(stored.closeProposalSeq).toBe(stored.lastSeq);
    expect(stored.pendingSystem).toEqual([]);
    expect(await systemCodes(c)).toEqual(['close_proposed']);
    covered.add('propose_close');

    // a message from before the proposal (its seq at or below the line) does not resume it; one after does
    await s.service.resumeAfterCustomerReply(stored, stored.closeProposalSeq!);
    expect((await reload(c)).artificialType).toBe('close_initiated');
    await s.service.resumeAfterCustomerReply(stored, stored.closeProposalSeq! + 1);
    expect(await reload(c)).toMatchObject({
      artificialType: 'serving',
      closeProposalSeq: null,
      deadlineAt: null,
    });
    expect(await systemCodes(c)).toEqual(['close_proposed', 'close_resumed']);
    expect(await slots(agent)).toBe(1);
    covered.add('customer_reply');
  });

  it('force close, confirm close and the close timeout release the slot and the customer’s live conversation', async () => {
    const { customer, agent } = await fixture();
    const forced = await s.make.conversation.create(customer, { state: 'serving', agent });
    expect(await s.service.closeByAgent(agent, { conversationId: forced._id, force: true })).toMatchObject({
      artificialType: 'closed',
      closedBy: 'agent',
    });
    expect(await slots(agent)).toBe(0);
    expect((await s.users.findById(customer.id))?.liveConversationId).toBeNull();
    expect(await systemCodes(forced)).toEqual(['closed_by_agent']);
    covered.add('force_close');

    const second = await s.make.user.customer();
    const proposed = await s.make.conversation.create(second, {
      state: 'close_initiated',
      agent,
      closeProposalSeq: 0,
    });
    await expectRefused(s.service.confirmClose(customer, proposed._id), 'forbidden', 'not_assignee');
    expect(await s.service.confirmClose(second, proposed._id)).toMatchObject({
      artificialType: 'closed',
      closedBy: 'customer',
    });
    expect(await slots(agent)).toBe(0);
    await expectRefused(s.service.confirmClose(second, proposed._id), 'conflict', 'wrong_state');
    covered.add('confirm_close');

    const third = await s.make.user.customer();
    const deadline = new Date(Date.now() + 120_000);
    const waiting = await s.make.conversation.create(third, {
      state: 'close_initiated',
      agent,
      closeProposalSeq: 0,
      deadlineAt: deadline,
    });
    expect(await s.service.expireCloses(new Date(deadline.getTime() - 1000))).toBe(0);
    expect(await s.service.expireCloses(new Date(deadline.getTime() + 1000))).toBeGreaterThanOrEqual(1);
    expect(await reload(waiting)).toMatchObject({ artificialType: 'closed', closedBy: 'system' });
    expect(await systemCodes(waiting)).toEqual(['closed_timeout']);
    expect(await slots(agent)).toBe(0);
    covered.add('close_timeout');
  });

  it.each(['open', 'serving', 'transfer_initiated', 'transferring', 'close_initiated'] as const)(
    'close by the customer from %s: closed, any slot freed',
    async (state) => {
      const { customer, agent } = await fixture();
      const c = await s.make.conversation.create(customer, {
        state,
        agent,
        offeredTo: await s.make.user.agent(),
      });
      expect(await s.service.closeByCustomer(customer, c._id)).toMatchObject({
        artificialType: 'closed',
        closedBy: 'customer',
      });
      expect(await slots(agent)).toBe(0);
      expect(await systemCodes(c)).toEqual(['closed_by_customer']);
      covered.add('close_by_customer');
    },
  );

  it('rate: only closed, only once, only its customer', async () => {
    const { customer } = await fixture();
    const c = await s.make.conversation.create(customer, { state: 'closed' });
    expect(
      await refusal(s.service.rate(await s.make.user.customer(), { conversationId: c._id, score: 5 })),
    ).toEqual({ code: 'forbidden', reason: 'not_assignee' });
    const [one, two] = await Promise.allSettled([
      s.service.rate(customer, { conversationId: c._id, score: 5, comment: ' great ' }),
      s.service.rate(customer, { conversationId: c._id, score: 1 }),
    ]);
    expect([one.status, two.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect((await reload(c)).rating?.score).toBeDefined();
    await expectRefused(
      s.service.rate(customer, { conversationId: c._id, score: 3 }),
      'conflict',
      'wrong_state',
    );
    expect(await systemCodes(c)).toEqual([]);
    const open = await s.make.conversation.create(await s.make.user.customer());
    expect((await refusal(s.service.rate(customer, { conversationId: open._id, score: 3 }))).code).toBe(
      'forbidden',
    );
    covered.add('rate');
  });

  it.each(['open', 'serving', 'transfer_initiated', 'transferring', 'close_initiated'] as const)(
    'assign from %s: serving with that agent beyond the limit, the old assignee’s slot freed',
    async (state) => {
      const { customer, agent } = await fixture();
      const supervisor = await s.make.user.supervisor();
      const target = await s.make.user.agent({ maxConcurrent: 1 });
      await s.make.conversation.create(await s.make.user.customer(), { state: 'serving', agent: target });
      const c = await s.make.conversation.create(customer, {
        state,
        agent,
        offeredTo: await s.make.user.agent(),
      });
      expect(await s.service.assign(supervisor, { conversationId: c._id, agentId: target.id })).toMatchObject(
        { artificialType: 'serving', agentId: target.id, transfer: null },
      );
      expect([await slots(agent), await slots(target)]).toEqual([0, 2]);
      expect(await systemCodes(c)).toEqual(['assigned']);
      expect(
        await refusal(s.service.assign(agent as SocketUser, { conversationId: c._id, agentId: agent.id })),
      ).toMatchObject({ code: 'forbidden' });
      covered.add('assign');
    },
  );

  it('agent absent: their serving conversations go back to the queue after the grace, slots released', async () => {
    const { customer } = await fixture();
    const now = new Date();
    const gone = await s.make.user.agent({
      connections: 0,
      lastSeenAt: new Date(now.getTime() - (s.config.agentGraceS + 5) * 1000),
    });
    const c = await s.make.conversation.create(customer, { state: 'serving', agent: gone });
    const present = await s.make.user.agent();
    const kept = await s.make.conversation.create(await s.make.user.customer(), {
      state: 'serving',
      agent: present,
    });
    expect(await s.service.requeueAbsentAgents(now)).toBeGreaterThanOrEqual(1);
    expect(await reload(c)).toMatchObject({
      artificialType: 'transferring',
      agentId: null,
      transfer: { mode: 'queue', fromAgentId: gone.id, note: 'agent offline' },
    });
    expect(await reload(kept)).toMatchObject({ artificialType: 'serving', agentId: present.id });
    expect(await slots(gone)).toBe(0);
    expect(await systemCodes(c)).toEqual(['agent_absent']);
    covered.add('agent_absent');
  });

  it.each(['open', 'serving', 'transfer_initiated', 'transferring', 'close_initiated'] as const)(
    'supervisor close from %s (REST, issue 16): closed by the supervisor, any slot freed, closed_by_agent told',
    async (state) => {
      const { customer, agent } = await fixture();
      const supervisor = await s.make.user.supervisor();
      const c = await s.make.conversation.create(customer, { state, agent, offeredTo: await s.make.user.agent() });
      expect(await s.service.closeAsSupervisor(supervisor, c._id)).toMatchObject({ artificialType: 'closed', closedBy: 'agent' });
      expect(await slots(agent)).toBe(0);
      expect(await systemCodes(c)).toEqual(['closed_by_agent']);
      await expectRefused(s.service.closeAsSupervisor(supervisor, c._id), 'conflict', 'wrong_state');
      await expectRefused(s.service.closeAsSupervisor(agent, (await s.make.conversation.create(await s.make.user.customer(), { state: 'open' }))._id), 'forbidden', 'wrong_role');
      covered.add('supervisor_close');
    },
  );

  it.each(['open', 'serving', 'transfer_initiated', 'transferring', 'close_initiated'] as const)(
    'close blocked from %s: closed by the gateway, any slot freed, closed_blocked told (issue 14)',
    async (state) => {
      const { customer, agent } = await fixture();
      const c = await s.make.conversation.create(customer, {
        state,
        agent,
        offeredTo: await s.make.user.agent(),
      });
      expect(await s.service.closeBlocked(c._id)).toMatchObject({
        artificialType: 'closed',
        closedBy: 'system',
      });
      expect(await slots(agent)).toBe(0);
      expect(await systemCodes(c)).toEqual(['closed_blocked']);
      // a closed one stays as it is
      expect(await s.service.closeBlocked(c._id)).toBeNull();
      expect(await systemCodes(c)).toEqual(['closed_blocked']);
      covered.add('close_blocked');
    },
  );

  it('idle close (section 9): a serving conversation silent for afterMinutes closes once, by the gateway, with closed_idle', async () => {
    const settings = s.app.get(SettingsService);
    await settings.replace({ ...DEFAULT_SETTINGS, idleClose: { afterMinutes: 30 } }, 'test');
    const { customer, agent } = await fixture();
    const t0 = new Date(Date.now() - 3_600_000);
    const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);
    const idle = await s.make.conversation.create(customer, {
      state: 'serving',
      agent,
      customerActiveAt: t0,
      assignedAt: t0,
    });
    // the customer wrote 10 minutes later; a third was assigned late (held for less than 30 minutes)
    const spoke = await s.make.conversation.create(await s.make.user.customer(), {
      state: 'serving',
      agent,
      customerActiveAt: minutes(10),
      assignedAt: t0,
    });
    const late = await s.make.conversation.create(await s.make.user.customer(), {
      state: 'serving',
      agent,
      customerActiveAt: t0,
      assignedAt: minutes(20),
    });
    const proposed = await s.make.conversation.create(await s.make.user.customer(), {
      state: 'close_initiated',
      agent,
      customerActiveAt: t0,
      assignedAt: t0,
      closeProposalSeq: 0,
      deadlineAt: minutes(999),
    });
    expect(await slots(agent)).toBe(4);
    expect(await s.service.closeIdle(minutes(29))).toBe(0);
    expect(await s.service.closeIdle(minutes(31))).toBe(1);
    expect(await reload(idle)).toMatchObject({ artificialType: 'closed', closedBy: 'system' });
    expect(await systemCodes(idle)).toEqual(['closed_idle']);
    expect(await slots(agent)).toBe(3);
    // once: a second sweep (another gateway) finds nothing more to do
    expect(await s.service.closeIdle(minutes(31))).toBe(0);
    for (const kept of [spoke, late, proposed])
      expect((await reload(kept)).artificialType).not.toBe('closed');
    // a stale read cannot close what the customer has written in since: the compare-and-set checks the cutoff
    const stale = await reload(spoke);
    expect(
      await s.transitions.happen('idle_close', stale, { now: minutes(35), idleCutoff: minutes(5) }),
    ).toBeNull();
    expect(await s.service.closeIdle(minutes(41))).toBe(1); // spoke (10 + 30); late was assigned at 20
    expect(await s.service.closeIdle(minutes(51))).toBe(1);
    // with idleClose off nothing closes
    await settings.replace({ ...DEFAULT_SETTINGS }, 'test');
    const off = await s.make.conversation.create(await s.make.user.customer(), {
      state: 'serving',
      agent,
      customerActiveAt: t0,
      assignedAt: t0,
    });
    expect(await s.service.closeIdle(minutes(600))).toBe(0);
    expect((await reload(off)).artificialType).toBe('serving');
    covered.add('idle_close');
  });

  describe('races', () => {
    it('two grabs at once: exactly one wins, the other is told it was taken, one slot counted', async () => {
      const c = await s.make.conversation.create(await s.make.user.customer());
      const agents = [await s.make.user.agent(), await s.make.user.agent()];
      const outcomes = await Promise.allSettled(agents.map((a) => s.service.grab(a, c._id)));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
      expect((lost.reason as DomainError).details).toEqual({ reason: 'taken' });
      expect((await slots(agents[0])) + (await slots(agents[1]))).toBe(1);
      expect(await systemCodes(c)).toEqual(['agent_joined']);
    });

    it('at maxConcurrent - 1, a grab and an accept at once leave exactly maxConcurrent', async () => {
      const agent = await s.make.user.agent({ maxConcurrent: 2 });
      await s.make.conversation.create(await s.make.user.customer(), { state: 'serving', agent });
      const open = await s.make.conversation.create(await s.make.user.customer());
      const offered = await s.make.conversation.create(await s.make.user.customer(), {
        state: 'transfer_initiated',
        agent: await s.make.user.agent(),
        offeredTo: agent,
        deadlineAt: new Date(Date.now() + 60_000),
      });
      const outcomes = await Promise.allSettled([
        s.service.grab(agent, open._id),
        s.service.acceptTransfer(agent, offered._id),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const lost = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
      expect((lost.reason as DomainError).details).toEqual({ reason: 'at_capacity' });
      expect(await slots(agent)).toBe(2);
      expect((await s.conversations.listHeldBy(agent.id)).length).toBe(2);
    });

    it('accept against the timeout: one of them acts, the slots agree with the outcome', async () => {
      const from = await s.make.user.agent();
      const target = await s.make.user.agent();
      const deadline = new Date(Date.now() - 1000);
      const c = await s.make.conversation.create(await s.make.user.customer(), {
        state: 'transfer_initiated',
        agent: from,
        offeredTo: target,
        deadlineAt: deadline,
      });
      const [accepted, expired] = await Promise.allSettled([
        s.service.acceptTransfer(target, c._id),
        s.service.expireTransfers(new Date()),
      ]);
      const after = await reload(c);
      expect(after.artificialType).toBe('serving');
      const acceptWon = accepted.status === 'fulfilled';
      expect(after.agentId).toBe(acceptWon ? target.id : from.id);
      if (!acceptWon)
        expect(((accepted as PromiseRejectedResult).reason as DomainError).details).toEqual({
          reason: 'wrong_state',
        });
      if (acceptWon) expect(expired).toMatchObject({ status: 'fulfilled' });
      expect([await slots(from), await slots(target)]).toEqual(acceptWon ? [0, 1] : [1, 0]);
      expect(await systemCodes(c)).toEqual([acceptWon ? 'transfer_accepted' : 'transfer_expired']);
    });
  });

  describe('a transition and its system message', () => {
    it('a system message left pending (a crash after the compare-and-set) is appended by the sweep, once', async () => {
      const { customer, agent } = await fixture();
      const c = await s.make.conversation.create(customer);
      // What a crash right after the compare-and-set leaves: the transition done, its message only pending.
      const now = new Date();
      const after = await s.conversations.applyTransition(
        c._id,
        { artificialType: 'open', agentId: null, now },
        { artificialType: 'serving', agentId: agent.id, assignedAt: now, joins: agent.id },
        {
          code: 'agent_joined',
          params: { agentName: agent.name },
          key: 'sys-crash-test-1',
          text: `${agent.name} joined`,
          at: now,
        },
      );
      expect(after?.pendingSystem).toHaveLength(1);
      expect(await s.service.appendLeftPending(new Date(now.getTime() - 1000))).toBe(0); // too fresh for a tick
      const [first, second] = await Promise.all([
        s.service.appendLeftPending(now),
        s.service.appendLeftPending(now),
      ]);
      expect(first + second).toBeGreaterThanOrEqual(1);
      expect(await s.service.appendLeftPending(now)).toBe(0);
      expect(await systemCodes(c)).toEqual(['agent_joined']);
      const stored = await reload(c);
      expect(stored.pendingSystem).toEqual([]);
      expect(stored.lastSeq).toBe(1);
    });

    it('a close proposal whose line lands late still decides which replies resume it', async () => {
      const { customer, agent } = await fixture();
      const c = await s.make.conversation.create(customer, { state: 'serving', agent });
      const now = new Date();
      const proposed = (await s.conversations.applyTransition(
        c._id,
        { artificialType: 'serving', agentId: agent.id, now },
        { artificialType: 'close_initiated', deadlineAt: new Date(now.getTime() + 60_000) },
        {
          code: 'close_proposed',
          params: { agentName: agent.name },
          key: 'sys-crash-test-2',
          text: 'proposed',
          at: now,
        },
      )) as ConversationRecord;
      // a customer message recorded before the proposal's line is before the proposal: it does not resume
      await s.service.resumeAfterCustomerReply(proposed, 1);
      expect((await reload(c)).artificialType).toBe('close_initiated');
      await s.service.appendLeftPending(now);
      const marked = await reload(c);
      expect(marked.closeProposalSeq).toBe(marked.lastSeq);
      await s.service.resumeAfterCustomerReply(marked, marked.lastSeq + 1);
      expect((await reload(c)).artificialType).toBe('serving');
    });
  });

  it('read markers move forward only and set the reader’s unread count', async () => {
    const { customer, agent } = await fixture();
    const c = await s.make.conversation.create(customer);
    await s.service.grab(agent, c._id);
    const reader = { ...customer };
    const read = await s.readMarkers.read(reader, { conversationId: c._id, seq: 1 });
    expect(read).toEqual({ conversationId: c._id, seq: 1, unread: 0 });
    expect(await s.readMarkers.read(reader, { conversationId: c._id, seq: 0 })).toEqual({
      conversationId: c._id,
      seq: 1,
      unread: 0,
    });
    expect((await reload(c)).reads.customer).toBe(1);
  });

  it('covers every row of the transition table', () => {
    expect([...covered].sort()).toEqual(TRANSITIONS.map((r) => r.action).sort());
  });
});
