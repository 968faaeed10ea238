/**
 * The conversation's state machine (PROTOCOL section 4) as data: every action, who may take it, from which
 * states, to which state, what it does to load slots, which fields it sets and which system message tells the
 * story (section 14). The gateway's executor applies these rows and nothing else; the widget and the console ask
 * `allowedActions` which buttons to show. "What can happen in close_initiated?" — the rows whose `from` holds it:
 * `actionsFrom('close_initiated')`.
 */
import type { AgentStatus, ArtificialType, Rating, Role, SenderType, Transfer } from './entities';
import type { ClientEventName } from './events';
import type { Reason } from './reasons';

export type ConversationAction =
  | 'grab'
  | 'transfer_to_agent'
  | 'transfer_to_queue'
  | 'accept_transfer'
  | 'decline_transfer'
  | 'cancel_transfer'
  | 'transfer_timeout'
  | 'propose_close'
  | 'force_close'
  | 'close_by_customer'
  | 'confirm_close'
  | 'customer_reply'
  | 'close_timeout'
  | 'rate'
  | 'assign'
  | 'agent_absent'
  | 'close_blocked'
  | 'idle_close'
  | 'supervisor_close'
  | 'transfer_to_team'
  | 'auto_assign';

/**
 * Who may act: the conversation's `customer`; its `assignee`; the `transfer_target` of a pending offer; any agent
 * (`online_agent`: the role `agent`, and the status `online`, which the slot reservation checks); a `supervisor`;
 * or the gateway itself (`system`: deadlines, absent agents, a customer's reply).
 */
export type Actor = 'customer' | 'assignee' | 'transfer_target' | 'online_agent' | 'supervisor' | 'system';

/**
 * Load slots (an agent's servingCount against maxConcurrent): `reserve` one for the new assignee before the
 * compare-and-set, `release` the old assignee's after it, `move` does both (nothing when it is the same agent).
 * Who holds a slot follows from the state (SLOT_STATES), so the executor derives the exact effect from the
 * states before and after; this column says what to expect and a test holds the two together.
 */
export type SlotEffect = 'none' | 'reserve' | 'release' | 'move';

/** How a reservation is bounded: grab needs `online` and a free slot, accepting a free slot, assign neither. */
export type SlotLimit = 'online_within_limit' | 'within_limit' | 'beyond_limit';

/**
 * Conditions of the compare-and-set beyond the expected state and assignee: the offer is still to the actor;
 * the deadline has passed; not rated yet; the customer's message came after the close proposal's system message;
 * the customer has written nothing (and the assignee has held it) since the idle cutoff (section 9's idleClose).
 */
export type RuleGuard =
  | 'offered_to_actor'
  | 'deadline_passed'
  | 'not_rated'
  | 'after_close_proposal'
  | 'customer_idle';

/** System message codes with their params (section 14). */
export interface SystemParams {
  agent_joined: { agentName: string };
  transfer_offered: { fromName: string; toName: string; note: string | null };
  transfer_accepted: { agentName: string; fromName: string };
  transfer_declined: { agentName: string };
  transfer_cancelled: { agentName: string; toName: string };
  transfer_expired: { toName: string };
  returned_to_queue: { agentName: string; note: string | null };
  assigned: { agentName: string; by: string };
  close_proposed: { agentName: string };
  close_resumed: Record<string, never>;
  closed_by_customer: Record<string, never>;
  closed_by_agent: { agentName: string };
  closed_timeout: Record<string, never>;
  closed_idle: Record<string, never>;
  closed_blocked: Record<string, never>;
  agent_absent: { agentName: string };
  welcome: { text: string };
  queue_notice: { text: string };
}
export type SystemCode = keyof SystemParams;
export type SystemMessage<C extends SystemCode = SystemCode> = {
  [K in C]: { code: K; params: SystemParams[K] };
}[C];

/** What a rule reads of a conversation: both the wire Conversation and the gateway's record fit. */
export interface ConversationView {
  artificialType: ArtificialType;
  agentId: string | null;
  customer: { id: string };
  transfer: Transfer | null;
  rating: Rating | null;
  queuedAt: string | Date | null;
}

/** The input an action may carry (from its event's payload). */
export interface ActionInput {
  toAgentId?: string;
  note?: string | null;
  score?: number;
  comment?: string | null;
  /** assign and auto_assign: the new assignee. */
  agentId?: string;
  /** transfer_to_team: the team whose queue it goes back to. */
  toTeamId?: string;
}

export interface RuleContext {
  conversation: ConversationView;
  /** The acting user (for `system` rows, the agent concerned, e.g. the absent one), or null. */
  actorId: string | null;
  input: ActionInput;
  now: Date;
  timeouts: { transferS: number; closeS: number };
  /** Display names of the users the message mentions, already looked up; 'someone' when unknown. */
  nameOf(userId: string | null | undefined): string;
}

/**
 * The fields a transition sets (absent: unchanged). `joins` adds an agent to the participants (read access to the
 * history); `clearAssigneeUnread` zeroes unread.agent when the conversation leaves its assignee for the queue.
 * Every change of state also forgets the close proposal's seq.
 */
export interface ConversationChange {
  artificialType: ArtificialType;
  agentId?: string | null;
  transfer?: Transfer | null;
  deadlineAt?: Date | null;
  queuedAt?: Date;
  assignedAt?: Date;
  waitSeconds?: number | null;
  closedAt?: Date;
  closedBy?: SenderType;
  rating?: Rating;
  joins?: string;
  clearAssigneeUnread?: boolean;
  /** Section 9: the team whose queue the conversation is in. */
  teamId?: string | null;
}

export interface TransitionRule {
  action: ConversationAction;
  /** The client event that asks for it; null for what the gateway does by itself. */
  event: ClientEventName | null;
  who: readonly Actor[];
  from: readonly ArtificialType[];
  to: ArtificialType;
  slot: SlotEffect;
  limit?: SlotLimit;
  guard?: RuleGuard;
  /** The fields it sets, for readers (the executor applies `change`). */
  sets: readonly (keyof ConversationChange)[];
  change(ctx: RuleContext): ConversationChange;
  system: SystemCode | null;
  message?(ctx: RuleContext): SystemMessage;
}

const ALL_LIVE: readonly ArtificialType[] = [
  'open',
  'serving',
  'transfer_initiated',
  'transferring',
  'close_initiated',
];

const waitedSeconds = (queuedAt: string | Date | null, now: Date) =>
  queuedAt ? Math.max(0, (now.getTime() - new Date(queuedAt).getTime()) / 1000) : null;

const backToServing = (): ConversationChange => ({
  artificialType: 'serving',
  transfer: null,
  deadlineAt: null,
});

const closedBy =
  (by: SenderType) =>
  (ctx: RuleContext): ConversationChange => ({
    artificialType: 'closed',
    closedAt: ctx.now,
    closedBy: by,
    deadlineAt: null,
    transfer: null,
  });

const toQueue = (ctx: RuleContext, note: string | null): ConversationChange => ({
  artificialType: 'transferring',
  agentId: null,
  queuedAt: ctx.now,
  deadlineAt: null,
  clearAssigneeUnread: true,
  transfer: {
    mode: 'queue',
    fromAgentId: ctx.conversation.agentId ?? '',
    toAgentId: null,
    note,
    initiatedAt: ctx.now.toISOString(),
    expiresAt: null,
  },
});

const CLOSE_FIELDS = ['artificialType', 'closedAt', 'closedBy', 'deadlineAt', 'transfer'] as const;
const SERVING_FIELDS = ['artificialType', 'transfer', 'deadlineAt'] as const;
const QUEUE_FIELDS = [
  'artificialType',
  'agentId',
  'queuedAt',
  'deadlineAt',
  'clearAssigneeUnread',
  'transfer',
] as const;
/** Closing by the customer, whether they end it or confirm the agent's proposal. */
const CLOSED_BY_CUSTOMER = {
  who: ['customer'],
  to: 'closed',
  slot: 'release',
  sets: CLOSE_FIELDS,
  change: closedBy('customer'),
  system: 'closed_by_customer',
  message: () => ({ code: 'closed_by_customer', params: {} }),
} as const satisfies Partial<TransitionRule>;
const note = (ctx: RuleContext) => ctx.input.note?.trim() || null;

export const TRANSITIONS: readonly TransitionRule[] = [
  {
    action: 'grab',
    event: 'conversation.grab',
    who: ['online_agent'],
    from: ['open', 'transferring'],
    to: 'serving',
    slot: 'reserve',
    limit: 'online_within_limit',
    sets: ['artificialType', 'agentId', 'assignedAt', 'transfer', 'deadlineAt', 'waitSeconds', 'joins'],
    change: (ctx) => ({
      artificialType: 'serving',
      agentId: ctx.actorId,
      assignedAt: ctx.now,
      transfer: null,
      deadlineAt: null,
      waitSeconds: waitedSeconds(ctx.conversation.queuedAt, ctx.now),
      joins: ctx.actorId ?? undefined,
    }),
    system: 'agent_joined',
    message: (ctx) => ({ code: 'agent_joined', params: { agentName: ctx.nameOf(ctx.actorId) } }),
  },
  {
    action: 'transfer_to_agent',
    event: 'conversation.transfer',
    who: ['assignee'],
    from: ['serving'],
    to: 'transfer_initiated',
    slot: 'none',
    sets: ['artificialType', 'deadlineAt', 'transfer'],
    change: (ctx) => {
      const expiresAt = new Date(ctx.now.getTime() + ctx.timeouts.transferS * 1000);
      return {
        artificialType: 'transfer_initiated',
        deadlineAt: expiresAt,
        transfer: {
          mode: 'agent',
          fromAgentId: ctx.actorId ?? '',
          toAgentId: ctx.input.toAgentId ?? null,
          note: note(ctx),
          initiatedAt: ctx.now.toISOString(),
          expiresAt: expiresAt.toISOString(),
        },
      };
    },
    system: 'transfer_offered',
    message: (ctx) => ({
      code: 'transfer_offered',
      params: { fromName: ctx.nameOf(ctx.actorId), toName: ctx.nameOf(ctx.input.toAgentId), note: note(ctx) },
    }),
  },
  {
    action: 'transfer_to_queue',
    event: 'conversation.transfer',
    who: ['assignee'],
    from: ['serving'],
    to: 'transferring',
    slot: 'release',
    sets: QUEUE_FIELDS,
    change: (ctx) => toQueue(ctx, note(ctx)),
    system: 'returned_to_queue',
    message: (ctx) => ({
      code: 'returned_to_queue',
      params: { agentName: ctx.nameOf(ctx.actorId), note: note(ctx) },
    }),
  },
  {
    action: 'accept_transfer',
    event: 'conversation.transfer.accept',
    who: ['transfer_target'],
    from: ['transfer_initiated'],
    to: 'serving',
    slot: 'move',
    limit: 'within_limit',
    guard: 'offered_to_actor',
    sets: ['artificialType', 'agentId', 'transfer', 'deadlineAt', 'assignedAt', 'joins'],
    change: (ctx) => ({
      ...backToServing(),
      agentId: ctx.actorId,
      assignedAt: ctx.now,
      joins: ctx.actorId ?? undefined,
    }),
    system: 'transfer_accepted',
    message: (ctx) => ({
      code: 'transfer_accepted',
      params: { agentName: ctx.nameOf(ctx.actorId), fromName: ctx.nameOf(ctx.conversation.agentId) },
    }),
  },
  {
    action: 'decline_transfer',
    event: 'conversation.transfer.decline',
    who: ['transfer_target'],
    from: ['transfer_initiated'],
    to: 'serving',
    slot: 'none',
    guard: 'offered_to_actor',
    sets: SERVING_FIELDS,
    change: backToServing,
    system: 'transfer_declined',
    message: (ctx) => ({ code: 'transfer_declined', params: { agentName: ctx.nameOf(ctx.actorId) } }),
  },
  {
    action: 'cancel_transfer',
    event: 'conversation.transfer.cancel',
    who: ['assignee'],
    from: ['transfer_initiated'],
    to: 'serving',
    slot: 'none',
    sets: SERVING_FIELDS,
    change: backToServing,
    system: 'transfer_cancelled',
    message: (ctx) => ({
      code: 'transfer_cancelled',
      params: {
        agentName: ctx.nameOf(ctx.actorId),
        toName: ctx.nameOf(ctx.conversation.transfer?.toAgentId),
      },
    }),
  },
  {
    action: 'transfer_timeout',
    event: null,
    who: ['system'],
    from: ['transfer_initiated'],
    to: 'serving',
    slot: 'none',
    guard: 'deadline_passed',
    sets: SERVING_FIELDS,
    change: backToServing,
    system: 'transfer_expired',
    message: (ctx) => ({
      code: 'transfer_expired',
      params: { toName: ctx.nameOf(ctx.conversation.transfer?.toAgentId) },
    }),
  },
  {
    action: 'propose_close',
    event: 'conversation.close',
    who: ['assignee'],
    from: ['serving'],
    to: 'close_initiated',
    slot: 'none',
    sets: ['artificialType', 'deadlineAt'],
    change: (ctx) => ({
      artificialType: 'close_initiated',
      deadlineAt: new Date(ctx.now.getTime() + ctx.timeouts.closeS * 1000),
    }),
    system: 'close_proposed',
    message: (ctx) => ({ code: 'close_proposed', params: { agentName: ctx.nameOf(ctx.actorId) } }),
  },
  {
    action: 'force_close',
    event: 'conversation.close',
    who: ['assignee'],
    from: ['serving'],
    to: 'closed',
    slot: 'release',
    sets: CLOSE_FIELDS,
    change: closedBy('agent'),
    system: 'closed_by_agent',
    message: (ctx) => ({ code: 'closed_by_agent', params: { agentName: ctx.nameOf(ctx.actorId) } }),
  },
  { action: 'close_by_customer', event: 'conversation.close', from: ALL_LIVE, ...CLOSED_BY_CUSTOMER },
  { action: 'confirm_close', event: 'conversation.close.confirm', from: ['close_initiated'], ...CLOSED_BY_CUSTOMER },
  {
    action: 'customer_reply',
    event: 'message.send',
    who: ['system'],
    from: ['close_initiated'],
    to: 'serving',
    slot: 'none',
    guard: 'after_close_proposal',
    sets: ['artificialType', 'deadlineAt'],
    change: () => ({ artificialType: 'serving', deadlineAt: null }),
    system: 'close_resumed',
    message: () => ({ code: 'close_resumed', params: {} }),
  },
  {
    action: 'close_timeout',
    event: null,
    who: ['system'],
    from: ['close_initiated'],
    to: 'closed',
    slot: 'release',
    guard: 'deadline_passed',
    sets: CLOSE_FIELDS,
    change: closedBy('system'),
    system: 'closed_timeout',
    message: () => ({ code: 'closed_timeout', params: {} }),
  },
  {
    action: 'rate',
    event: 'conversation.rate',
    who: ['customer'],
    from: ['closed'],
    to: 'closed',
    slot: 'none',
    guard: 'not_rated',
    sets: ['rating'],
    change: (ctx) => ({
      artificialType: 'closed',
      rating: { score: ctx.input.score ?? 0, comment: ctx.input.comment?.trim() || null },
    }),
    system: null,
  },
  {
    action: 'assign',
    event: 'conversation.assign',
    who: ['supervisor'],
    from: ALL_LIVE,
    to: 'serving',
    slot: 'move',
    limit: 'beyond_limit',
    sets: ['artificialType', 'agentId', 'transfer', 'deadlineAt', 'assignedAt', 'waitSeconds', 'joins'],
    change: (ctx) => {
      const wasQueued = QUEUED_STATES.includes(ctx.conversation.artificialType);
      return {
        ...backToServing(),
        agentId: ctx.input.agentId ?? null,
        assignedAt: ctx.now,
        joins: ctx.input.agentId,
        ...(wasQueued && ctx.conversation.queuedAt
          ? { waitSeconds: waitedSeconds(ctx.conversation.queuedAt, ctx.now) }
          : {}),
      };
    },
    system: 'assigned',
    message: (ctx) => ({
      code: 'assigned',
      params: { agentName: ctx.nameOf(ctx.input.agentId), by: ctx.nameOf(ctx.actorId) },
    }),
  },
  {
    action: 'agent_absent',
    event: null,
    who: ['system'],
    from: ['serving'],
    to: 'transferring',
    slot: 'release',
    sets: QUEUE_FIELDS,
    change: (ctx) => toQueue(ctx, 'agent offline'),
    system: 'agent_absent',
    message: (ctx) => ({ code: 'agent_absent', params: { agentName: ctx.nameOf(ctx.conversation.agentId) } }),
  },
  {
    // customer.block (issue 14) closes the blocked customer's live conversation, whatever its state.
    action: 'close_blocked',
    event: null,
    who: ['system'],
    from: ALL_LIVE,
    to: 'closed',
    slot: 'release',
    sets: CLOSE_FIELDS,
    change: closedBy('system'),
    system: 'closed_blocked',
    message: () => ({ code: 'closed_blocked', params: {} }),
  },
  {
    // Section 11: POST /api/conversations/:id/close by a supervisor who is not the assignee (REST only), any live state.
    action: 'supervisor_close',
    event: null,
    who: ['supervisor'],
    from: ALL_LIVE,
    to: 'closed',
    slot: 'release',
    sets: CLOSE_FIELDS,
    change: closedBy('agent'),
    system: 'closed_by_agent',
    message: (ctx) => ({ code: 'closed_by_agent', params: { agentName: ctx.nameOf(ctx.actorId) } }),
  },
  {
    // Section 9's idleClose: the sweeper closes a serving conversation whose customer has been silent that long.
    action: 'idle_close',
    event: null,
    who: ['system'],
    from: ['serving'],
    to: 'closed',
    slot: 'release',
    guard: 'customer_idle',
    sets: CLOSE_FIELDS,
    change: closedBy('system'),
    system: 'closed_idle',
    message: () => ({ code: 'closed_idle', params: {} }),
  },
  {
    // Section 9: back to the queue of a team (the assignee's conversation.transfer with toTeamId).
    action: 'transfer_to_team',
    event: 'conversation.transfer',
    who: ['assignee'],
    from: ['serving'],
    to: 'transferring',
    slot: 'release',
    sets: [...QUEUE_FIELDS, 'teamId'],
    change: (ctx) => ({ ...toQueue(ctx, note(ctx)), teamId: ctx.input.toTeamId ?? null }),
    system: 'returned_to_queue',
    message: (ctx) => ({
      code: 'returned_to_queue',
      params: { agentName: ctx.nameOf(ctx.actorId), note: note(ctx) },
    }),
  },
  {
    // Section 9's automatic assignment: the gateway gives a waiting conversation to the agent it chose, with the same
    // slot reservation as grab (online, below the limit) and the same compare-and-set.
    action: 'auto_assign',
    event: null,
    who: ['system'],
    from: ['open', 'transferring'],
    to: 'serving',
    slot: 'reserve',
    limit: 'online_within_limit',
    sets: ['artificialType', 'agentId', 'assignedAt', 'transfer', 'deadlineAt', 'waitSeconds', 'joins'],
    change: (ctx) => ({
      artificialType: 'serving',
      agentId: ctx.input.agentId ?? null,
      assignedAt: ctx.now,
      transfer: null,
      deadlineAt: null,
      waitSeconds: waitedSeconds(ctx.conversation.queuedAt, ctx.now),
      joins: ctx.input.agentId,
    }),
    system: 'agent_joined',
    message: (ctx) => ({ code: 'agent_joined', params: { agentName: ctx.nameOf(ctx.input.agentId) } }),
  },
];

export const RULES: Readonly<Record<ConversationAction, TransitionRule>> = Object.fromEntries(
  TRANSITIONS.map((rule) => [rule.action, rule]),
) as Record<ConversationAction, TransitionRule>;

// ---- groups of states, defined once ----

/** States in which a conversation waits in the queue for any agent (the order is the queue's: transferring first). */
export const QUEUED_STATES: readonly ArtificialType[] = ['transferring', 'open'];
/** States in which the assignee holds one of their load slots (and so counts it toward their unread total). */
export const SLOT_STATES: readonly ArtificialType[] = ['serving', 'transfer_initiated', 'close_initiated'];
/** Every state but closed. */
export const LIVE_STATES: readonly ArtificialType[] = ALL_LIVE;

export const isQueued = (state: ArtificialType) => QUEUED_STATES.includes(state);
export const holdsSlot = (state: ArtificialType) => SLOT_STATES.includes(state);
export const isLive = (state: ArtificialType) => state !== 'closed';

/** The agent holding a load slot for this conversation, if any. */
export function slotHolder(c: Pick<ConversationView, 'artificialType' | 'agentId'>): string | null {
  return holdsSlot(c.artificialType) ? c.agentId : null;
}

/** Every rule that may act on a conversation in `state`. */
export function actionsFrom(state: ArtificialType): TransitionRule[] {
  return TRANSITIONS.filter((rule) => rule.from.includes(state));
}

// ---- who may act ----

export interface Viewer {
  id: string;
  role: Role;
  /** An agent's status, when known: grabbing needs `online`. */
  status?: AgentStatus;
}

/** A refusal with its typed reason (PROTOCOL section 14). */
export interface RuleRefusal {
  code: 'forbidden' | 'conflict';
  reason: Reason;
  message: string;
}

/** Whether `viewer` is `actor` for this conversation (for `online_agent` the role; the status is the slot's). */
export function actsAs(actor: Actor, c: ConversationView, viewer: Viewer): boolean {
  switch (actor) {
    case 'customer':
      return viewer.role === 'customer' && c.customer.id === viewer.id;
    case 'assignee':
      return viewer.role !== 'customer' && c.agentId === viewer.id;
    case 'transfer_target':
      return (
        viewer.role !== 'customer' &&
        c.artificialType === 'transfer_initiated' &&
        c.transfer?.toAgentId === viewer.id
      );
    case 'online_agent':
      return viewer.role === 'agent';
    case 'supervisor':
      return viewer.role === 'supervisor';
    case 'system':
      return false;
  }
}

const ROLE_OF: Record<Exclude<Actor, 'system'>, readonly Role[]> = {
  customer: ['customer'],
  assignee: ['agent', 'supervisor'],
  transfer_target: ['agent', 'supervisor'],
  online_agent: ['agent'],
  supervisor: ['supervisor'],
};

/**
 * Why `viewer` may not take `rule` on `c` now, or null when they may. The order is the protocol's: the role,
 * then being the customer or the assignee, then the state, then being the transfer's target.
 */
export function refusalOf(rule: TransitionRule, c: ConversationView, viewer: Viewer): RuleRefusal | null {
  const people = rule.who.filter((actor): actor is Exclude<Actor, 'system'> => actor !== 'system');
  if (!people.some((actor) => ROLE_OF[actor].includes(viewer.role))) {
    return {
      code: 'forbidden',
      reason: 'wrong_role',
      message: `a ${viewer.role} may not ${rule.action.replaceAll('_', ' ')}`,
    };
  }
  const personal = people.filter((actor) => actor === 'customer' || actor === 'assignee');
  if (
    personal.length > 0 &&
    personal.length === people.length &&
    !personal.some((actor) => actsAs(actor, c, viewer))
  ) {
    return { code: 'forbidden', reason: 'not_assignee', message: 'not your conversation' };
  }
  if (!rule.from.includes(c.artificialType)) {
    const taken =
      rule.to === 'serving' && c.artificialType !== 'closed' && c.agentId !== null && c.agentId !== viewer.id;
    return {
      code: 'conflict',
      reason: rule.action === 'grab' && taken ? 'taken' : 'wrong_state',
      message: `cannot ${rule.action.replaceAll('_', ' ')} a conversation that is ${c.artificialType}`,
    };
  }
  if (!people.some((actor) => actsAs(actor, c, viewer))) {
    return {
      code: 'forbidden',
      reason: 'not_transfer_target',
      message: 'the transfer is not offered to you',
    };
  }
  if (rule.guard === 'not_rated' && c.rating) {
    return { code: 'conflict', reason: 'wrong_state', message: 'the conversation is already rated' };
  }
  return null;
}

/**
 * What `viewer` may do with `c` now, as far as the conversation shows (a grab may still be refused for
 * `at_capacity`). Only what a person asks for: the gateway's own rows (timeouts, a reply) are not listed.
 */
export function allowedActions(c: ConversationView, viewer: Viewer): ConversationAction[] {
  return TRANSITIONS.filter((rule) => {
    if (!rule.event || rule.who.includes('system')) return false;
    if (rule.who.includes('online_agent') && viewer.status && viewer.status !== 'online') return false;
    return refusalOf(rule, c, viewer) === null;
  }).map((rule) => rule.action);
}
