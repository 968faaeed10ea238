import {
  actionsFrom,
  allowedActions,
  refusalOf,
  RULES,
  slotHolder,
  TRANSITIONS,
  type ConversationView,
  type RuleContext,
  type Viewer,
} from './conversation-rules';
import { ARTIFICIAL_TYPES, type ArtificialType } from './entities';
import { errorCodeOfStatus, httpStatusOf, REASON_CODES, reasonOf } from './reasons';

const customer: Viewer = { id: 'c1', role: 'customer' };
const ana: Viewer = { id: 'a1', role: 'agent', status: 'online' };
const bo: Viewer = { id: 'a2', role: 'agent', status: 'online' };
const sue: Viewer = { id: 's1', role: 'supervisor' };

function conversation(
  artificialType: ArtificialType,
  extra: Partial<ConversationView> = {},
): ConversationView {
  const held = artificialType !== 'open' && artificialType !== 'transferring' && artificialType !== 'closed';
  return {
    artificialType,
    agentId: held ? ana.id : null,
    customer: { id: customer.id },
    transfer:
      artificialType === 'transfer_initiated'
        ? { mode: 'agent', fromAgentId: ana.id, toAgentId: bo.id, note: null, initiatedAt: '', expiresAt: '' }
        : null,
    rating: null,
    queuedAt: null,
    ...extra,
  };
}

const context = (
  c: ConversationView,
  actorId: string | null,
  input: RuleContext['input'] = {},
): RuleContext => ({
  conversation: c,
  actorId,
  input,
  now: new Date('2026-01-01T00:00:00Z'),
  timeouts: { transferS: 60, closeS: 120 },
  nameOf: (id) => (id ? `name-${id}` : 'someone'),
});

describe('the transition table', () => {
  it('has one row per action, each moving between known states', () => {
    expect(new Set(TRANSITIONS.map((r) => r.action)).size).toBe(TRANSITIONS.length);
    for (const rule of TRANSITIONS) {
      expect(ARTIFICIAL_TYPES).toContain(rule.to);
      for (const from of rule.from) expect(ARTIFICIAL_TYPES).toContain(from);
    }
  });

  it.each(TRANSITIONS.map((r) => [r.action, r] as const))(
    '%s: its change reaches its state, sets what it says, and its slot column matches',
    (_, rule) => {
      for (const from of rule.from) {
        const before = conversation(from);
        const actorId =
          rule.action === 'accept_transfer' ? bo.id : rule.who.includes('customer') ? customer.id : ana.id;
        const change = rule.change(context(before, actorId, { agentId: bo.id, toAgentId: bo.id, score: 5 }));
        expect(change.artificialType).toBe(rule.to);
        for (const key of Object.keys(change).filter((k) => k !== 'artificialType'))
          expect(rule.sets).toContain(key);
        const after = {
          artificialType: change.artificialType,
          agentId: change.agentId === undefined ? before.agentId : change.agentId,
        };
        const reserves = slotHolder(after) !== null && slotHolder(after) !== slotHolder(before);
        const releases = slotHolder(before) !== null && slotHolder(before) !== slotHolder(after);
        const declared = {
          none: [false, false],
          reserve: [true, false],
          release: [false, true],
          move: [true, true],
        }[rule.slot];
        if (reserves) expect(declared[0]).toBe(true);
        if (releases) expect(declared[1]).toBe(true);
        if (reserves) expect(rule.limit).toBeDefined();
        if (rule.system)
          expect(rule.message?.(context(before, actorId, { agentId: bo.id, toAgentId: bo.id })).code).toBe(
            rule.system,
          );
      }
    },
  );

  it('answers what can happen in close_initiated', () => {
    expect(
      actionsFrom('close_initiated')
        .map((r) => r.action)
        .sort(),
    ).toEqual(['assign', 'close_blocked', 'close_by_customer', 'close_timeout', 'confirm_close', 'customer_reply', 'supervisor_close'].sort());
  });

  it('closes an idle serving conversation by the gateway only, with closed_idle', () => {
    const rule = RULES.idle_close;
    expect(rule).toMatchObject({ from: ['serving'], to: 'closed', slot: 'release', guard: 'customer_idle', event: null });
    expect(rule.message!(context(conversation('serving'), null))).toEqual({ code: 'closed_idle', params: {} });
    expect(rule.change(context(conversation('serving'), null))).toMatchObject({ artificialType: 'closed', closedBy: 'system' });
    for (const viewer of [customer, ana, sue]) {
      expect(allowedActions(conversation('serving'), viewer)).not.toContain('idle_close');
    }
  });

  it('closes a blocked customer\'s conversation from every live state, by the gateway only, with closed_blocked', () => {
    const rule = RULES.close_blocked;
    expect([...rule.from].sort()).toEqual(ARTIFICIAL_TYPES.filter((s) => s !== 'closed').sort());
    expect(rule.to).toBe('closed');
    expect(rule.message!(context(conversation('serving'), null))).toEqual({ code: 'closed_blocked', params: {} });
    for (const viewer of [customer, ana, sue]) {
      expect(allowedActions(conversation('serving'), viewer)).not.toContain('close_blocked');
    }
  });

  it('makes everyone it assigns a participant: the readable set is the participants (and the mentioned), never agentId', () => {
    for (const rule of TRANSITIONS) {
      for (const state of rule.from) {
        const change = rule.change(context(conversation(state), bo.id, { agentId: bo.id, toAgentId: bo.id }));
        if (typeof change.agentId === 'string') expect({ action: rule.action, joins: change.joins }).toEqual({ action: rule.action, joins: change.agentId });
      }
    }
  });

  it('assigns a waiting conversation automatically by the gateway only, reserving a slot like grab', () => {
    const rule = RULES.auto_assign;
    expect(rule.who).toEqual(['system']);
    expect([...rule.from].sort()).toEqual(['open', 'transferring']);
    expect(rule.limit).toBe(RULES.grab.limit);
    const change = rule.change(context(conversation('open'), null, { agentId: bo.id }));
    expect(change).toMatchObject({ artificialType: 'serving', agentId: bo.id, joins: bo.id });
    expect(allowedActions(conversation('open'), ana)).not.toContain('auto_assign');
  });

  it('sends a conversation back to a team\'s queue, keeping the note', () => {
    const change = RULES.transfer_to_team.change(
      context(conversation('serving'), ana.id, { toTeamId: 'team-1', note: ' billing ' }),
    );
    expect(change).toMatchObject({ artificialType: 'transferring', agentId: null, teamId: 'team-1' });
    expect(change.transfer).toMatchObject({ mode: 'queue', fromAgentId: ana.id, note: 'billing' });
  });

  it('gives the transfer system message both names and the note', () => {
    const offered = RULES.transfer_to_agent.message!(
      context(conversation('serving'), ana.id, { toAgentId: bo.id, note: ' billing ' }),
    );
    expect(offered).toEqual({
      code: 'transfer_offered',
      params: { fromName: 'name-a1', toName: 'name-a2', note: expect.stringContaining('billing') },
    });
  });
});

describe('allowedActions', () => {
  it('gives each viewer the buttons of the state', () => {
    expect(allowedActions(conversation('open'), ana)).toEqual(['grab']);
    expect(allowedActions(conversation('open'), { ...ana, status: 'away' })).toEqual([]);
    expect(allowedActions(conversation('open'), customer)).toEqual(['close_by_customer']);
    expect(allowedActions(conversation('serving'), ana)).toEqual([
      'transfer_to_agent',
      'transfer_to_queue',
      'propose_close',
      'force_close',
      'transfer_to_team',
    ]);
    expect(allowedActions(conversation('serving'), bo)).toEqual([]);
    expect(allowedActions(conversation('transfer_initiated'), ana)).toEqual(['cancel_transfer']);
    expect(allowedActions(conversation('transfer_initiated'), bo)).toEqual([
      'accept_transfer',
      'decline_transfer',
    ]);
    expect(allowedActions(conversation('close_initiated'), customer)).toEqual([
      'close_by_customer',
      'confirm_close',
    ]);
    expect(allowedActions(conversation('closed'), customer)).toEqual(['rate']);
    expect(allowedActions(conversation('closed', { rating: { score: 4, comment: null } }), customer)).toEqual(
      [],
    );
    expect(allowedActions(conversation('serving'), sue)).toEqual(['assign']);
  });

  it('refuses with the protocol reasons, role first', () => {
    expect(refusalOf(RULES.grab, conversation('serving'), bo)?.reason).toBe('taken');
    expect(refusalOf(RULES.grab, conversation('closed'), bo)?.reason).toBe('wrong_state');
    expect(refusalOf(RULES.grab, conversation('serving'), sue)?.reason).toBe('wrong_role');
    expect(refusalOf(RULES.propose_close, conversation('serving'), bo)?.reason).toBe('not_assignee');
    expect(refusalOf(RULES.accept_transfer, conversation('serving'), bo)?.reason).toBe('wrong_state');
    expect(refusalOf(RULES.accept_transfer, conversation('transfer_initiated'), ana)?.reason).toBe(
      'not_transfer_target',
    );
  });
});

describe('reasons', () => {
  it('map codes and statuses both ways from one table', () => {
    expect(httpStatusOf('conflict', 'taken')).toBe(409);
    expect(httpStatusOf('bad_request', 'type_not_accepted')).toBe(415);
    expect(errorCodeOfStatus(415)).toBe('bad_request');
    expect(errorCodeOfStatus(409)).toBe('conflict');
    expect(errorCodeOfStatus(418)).toBe('bad_request');
    expect(errorCodeOfStatus(503)).toBe('internal');
    for (const [reason, code] of Object.entries(REASON_CODES))
      expect(errorCodeOfStatus(httpStatusOf(code, reason as never))).toBe(code);
    expect(reasonOf({ reason: 'at_capacity' })).toBe('at_capacity');
    expect(reasonOf({ reason: 'nonsense' })).toBeNull();
  });
});
