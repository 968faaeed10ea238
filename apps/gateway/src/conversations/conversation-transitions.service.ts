import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  refusalOf,
  RULES,
  slotHolder,
  type ActionInput,
  type ConversationAction,
  type Message,
  type RuleContext,
  type SlotLimit,
  type SystemMessage,
  systemText,
  type Viewer,
} from '@switchboard/protocol';
import { Types } from 'mongoose';
import type { SocketUser } from '../auth/principal';
import { Clock } from '../common/clock';
import { conflict, notFound, refused } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainEventsService } from '../events/domain-events.service';
import { toMessage } from '../message-store/message.mapper';
import { MetricsService } from '../metrics/metrics.service';
import { UsersRepository } from '../users/users.repository';
import { toConversation } from './conversation.mapper';
import { ConversationsRepository } from './conversations.repository';
import { MessageAppender } from './message-appender.service';
import { assignmentMoments } from './report-moments';
import type { ConversationRecord, PendingSystemMessage } from './schemas/conversation.schema';
import { UnreadService } from './unread.service';
import { transitionEntries } from './webhook-outbox';

export const SYSTEM_SENDER = { id: 'system', type: 'system', name: 'Switchboard' } as const;

/** How often a person's action is tried again when the conversation changed under it but still allows it. */
const MAX_ATTEMPTS = 5;

/** Test-only: the process kills itself right after this many successful compare-and-sets (the crash test). */
const CRASH_AFTER = Number(process.env.SWITCHBOARD_TEST_CRASH_AFTER_TRANSITIONS ?? 0);

export interface TransitionOptions {
  input?: ActionInput;
  /** The deadline sweeper's clock (timeouts compare deadlines with it). */
  now?: Date;
  /** customer_reply: the seq of the customer's message. */
  seq?: number;
  /** idle_close: the customer has been silent since at least this instant. */
  idleCutoff?: Date;
  /**
   * auto_assign: the new assignee's load the choice was made on; the slot is reserved only while it is still that
   * (so the least-loaded choice holds when several gateways assign at once).
   */
  expectedLoad?: number;
}

/** A system message to write down pending (with the update that decides it) and then append; its key makes it once. */
export function pendingSystem(system: SystemMessage, at: Date): PendingSystemMessage {
  return { ...system, key: `sys-${new Types.ObjectId().toHexString()}`, text: systemText(system), at };
}

/**
 * Applies any row of the conversation-rules table (libs/protocol), always in the same steps: check who and from
 * which state → reserve the new assignee's load slot → one compare-and-set on the expected state and assignee that
 * also writes the pending system message → release the old assignee's slot → append the system message (which
 * clears the pending entry) → domain events. A lost race releases what it reserved and answers `conflict`, unless
 * the conversation still allows the action (closing by the customer, assigning), which is then tried again.
 */
@Injectable()
export class ConversationTransitions {
  private readonly logger = new Logger('Conversations');
  private transitionsDone = 0;

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly appender: MessageAppender,
    private readonly unread: UnreadService,
    private readonly events: DomainEventsService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** A person's action: refused with a typed reason, or the conversation after it. */
  async perform(
    action: ConversationAction,
    actor: SocketUser,
    conversationId: string,
    options: TransitionOptions = {},
  ) {
    const viewer: Viewer = { id: actor.id, role: actor.role };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const before = await this.require(conversationId);
      const why = refusalOf(RULES[action], before, viewer);
      if (why) {
        if (action === 'grab' && why.code === 'conflict') this.metrics.grabConflicts.inc();
        throw refused(why.code, why.reason, why.message);
      }
      const after = await this.attempt(action, before, actor, options);
      if (after) return toConversation(after);
    }
    throw conflict('the conversation kept changing; try again');
  }

  /** What the gateway does by itself (timeouts, absent agents, a customer's reply): null when it no longer applies. */
  async happen(action: ConversationAction, before: ConversationRecord, options: TransitionOptions = {}) {
    if (!RULES[action].from.includes(before.artificialType)) return null;
    return this.attempt(action, before, null, options);
  }

  /**
   * Appends the system messages transitions left pending (a crash between the compare-and-set and the append),
   * oldest first; their keys make a message already stored count once. Run at start-up and on the sweeper's tick.
   */
  async appendLeftPending(cutoff: Date): Promise<number> {
    let appended = 0;
    for (const c of await this.conversations.listPendingSystem(cutoff)) {
      for (const pending of [...(c.pendingSystem ?? [])].sort((a, b) => +new Date(a.at) - +new Date(b.at))) {
        const latest = (await this.conversations.findById(c._id)) ?? c;
        const { message } = await this.appendSystem(latest, pending);
        if (message)
          this.events.publish({ type: 'message.created', message, conversation: toConversation(latest) });
        appended++;
      }
    }
    return appended;
  }

  private async require(id: string): Promise<ConversationRecord> {
    const c = await this.conversations.findById(id);
    if (!c) throw notFound('conversation');
    return c;
  }

  /** One compare-and-set and what follows it; null when the conversation changed since `before` was read. */
  private async attempt(
    action: ConversationAction,
    before: ConversationRecord,
    actor: SocketUser | null,
    options: TransitionOptions,
  ): Promise<ConversationRecord | null> {
    const rule = RULES[action];
    const now = options.now ?? this.clock.now();
    const ctx: RuleContext = {
      conversation: before,
      actorId: actor?.id ?? null,
      input: options.input ?? {},
      now,
      timeouts: { transferS: this.config.transferTimeoutS, closeS: this.config.closeTimeoutS },
      nameOf: () => 'someone',
    };
    const change = rule.change(ctx);
    const oldHolder = slotHolder(before);
    const newHolder = slotHolder({
      artificialType: change.artificialType,
      agentId: change.agentId === undefined ? before.agentId : change.agentId,
    });
    const movesSlot = oldHolder !== newHolder;
    if (movesSlot && newHolder) await this.reserveSlot(newHolder, rule.limit ?? 'within_limit', action, options.expectedLoad);

    let pending: PendingSystemMessage | null = null;
    if (rule.message) {
      ctx.nameOf = await this.namesFor(before, actor, ctx.input);
      pending = pendingSystem(rule.message(ctx), now);
    }
    const after = await this.conversations.applyTransition(
      before._id,
      {
        artificialType: before.artificialType,
        agentId: before.agentId,
        guard: rule.guard,
        actorId: actor?.id,
        now,
        seq: options.seq,
        idleCutoff: options.idleCutoff,
      },
      change,
      pending,
      assignmentMoments(before, change.agentId, now),
      transitionEntries(action, before, change, actor?.id ?? null, now),
    );
    if (!after) {
      if (movesSlot && newHolder) await this.users.adjustSlots(newHolder, -1);
      return null;
    }
    this.crashIfAsked();
    if (movesSlot && oldHolder) await this.users.adjustSlots(oldHolder, -1);
    if (after.artificialType === 'closed' && before.artificialType !== 'closed') {
      await this.users.releaseLiveConversation(before.customerId, before._id);
    }
    const newAssignee = change.agentId && change.agentId !== before.agentId ? change.agentId : null;
    if (newAssignee) await this.users.markAssigned(newAssignee, now);
    const assigned = newAssignee ? await this.unread.resetForAssignee(after) : after;
    return this.announce(before, assigned, pending);
  }

  /** Takes a load slot or answers conflict (grab also needs the status online; assign takes one beyond the limit). */
  private async reserveSlot(
    agentId: string,
    limit: SlotLimit,
    action: ConversationAction,
    expectedLoad?: number,
  ): Promise<void> {
    if (limit === 'beyond_limit') return this.users.adjustSlots(agentId, 1);
    const agent = await this.users.findById(agentId);
    if (!agent || agent.role !== 'agent')
      throw refused('forbidden', 'wrong_role', 'only agents can take conversations');
    const requireOnline = limit === 'online_within_limit';
    const reserved =
      expectedLoad === undefined
        ? await this.users.reserveSlot(agentId, agent.maxConcurrent, requireOnline)
        : await this.users.reserveSlotAt(agentId, expectedLoad, agent.maxConcurrent);
    if (reserved) return;
    if (expectedLoad !== undefined) throw conflict('the agent\'s load changed');
    if (action === 'grab') this.metrics.grabConflicts.inc();
    if (requireOnline && agent.status !== 'online') {
      throw refused('conflict', 'not_online', 'set your status to online to take conversations');
    }
    throw refused(
      'conflict',
      'at_capacity',
      `you already serve your limit of ${agent.maxConcurrent} conversations`,
    );
  }

  /** The display names a system message may mention: the actor's is known, the others are read once. */
  private async namesFor(c: ConversationRecord, actor: SocketUser | null, input: ActionInput) {
    const others = [c.agentId, c.transfer?.toAgentId, input.toAgentId, input.agentId].filter(
      (id): id is string => typeof id === 'string' && id !== actor?.id,
    );
    const names = new Map<string, string>(actor ? [[actor.id, actor.name]] : []);
    const found = others.length > 0 ? await this.users.findByIds([...new Set(others)]) : [];
    for (const user of found) names.set(user._id.toHexString(), user.name);
    return (id: string | null | undefined) => (id && names.get(id)) || 'someone';
  }

  /**
   * A system message that is not a transition (section 9's welcome and queue notice), written down pending by the
   * update that decided it: appended and announced. The conversation after it.
   */
  async postPending(c: ConversationRecord, pending: PendingSystemMessage): Promise<ConversationRecord> {
    const { conversation, message } = await this.appendSystem(c, pending);
    if (message) this.events.publish({ type: 'message.created', message, conversation: toConversation(conversation) });
    return conversation;
  }

  /** Appends a pending system message (stored once by its key); the message is null when it was already stored. */
  async appendSystem(
    c: ConversationRecord,
    pending: PendingSystemMessage,
  ): Promise<{ conversation: ConversationRecord; message: Message | null }> {
    const appended = await this.appender.append(c, {
      clientMsgId: pending.key,
      sender: { ...SYSTEM_SENDER },
      kind: 'system',
      text: pending.text,
      attachment: null,
      system: { code: pending.code, params: pending.params } as SystemMessage,
    });
    return {
      conversation: appended.conversation,
      message: appended.duplicate ? null : toMessage(appended.message),
    };
  }

  /**
   * The system message that tells the story, then `conversation.changed` (which moves sockets between rooms)
   * before `message.created`, so a new assignee also receives the system message.
   */
  private async announce(
    before: ConversationRecord,
    after: ConversationRecord,
    pending: PendingSystemMessage | null,
  ) {
    const appended = pending ? await this.appendSystem(after, pending) : null;
    const latest = appended?.conversation ?? after;
    const conversation = toConversation(latest);
    this.logger.log({
      message: 'transition',
      conversationId: conversation.id,
      from: before.artificialType,
      to: conversation.artificialType,
      agentId: conversation.agentId,
    });
    this.events.publish({
      type: 'conversation.changed',
      conversation,
      previous: {
        artificialType: before.artificialType,
        agentId: before.agentId,
        transferToAgentId: before.transfer?.toAgentId ?? null,
      },
    });
    if (appended?.message)
      this.events.publish({ type: 'message.created', message: appended.message, conversation });
    await this.unread.announceDepartures(before, latest);
    return latest;
  }

  private crashIfAsked(): void {
    if (CRASH_AFTER > 0 && ++this.transitionsDone >= CRASH_AFTER) process.kill(process.pid, 'SIGKILL');
  }
}
