import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  isQueued,
  searchKeys,
  validatePreChatValues,
  type Conversation,
  type Message,
  type StartConversationPayload,
  type WatchResult,
} from '@switchboard/protocol';
import type {
  AssignConversationDto,
  CloseConversationDto,
  RateConversationDto,
  TransferConversationDto,
} from '@switchboard/protocol/dto';
import { Types } from 'mongoose';
import { AbuseLimitsService } from '../abuse/abuse-limits.service';
import type { Principal, SocketUser } from '../auth/principal';
import { badRequest, conflict, forbidden, notFound, refused } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainEventsService } from '../events/domain-events.service';
import { toMessage } from '../message-store/message.mapper';
import { MessagesRepository } from '../message-store/messages.repository';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { maySeeConversation } from './conversation-access';
import { Clock } from '../common/clock';
import { SettingsService } from '../settings/settings.service';
import { ConversationTransitions, pendingSystem, type TransitionOptions } from './conversation-transitions.service';
import { toConversation } from './conversation.mapper';
import { ConversationsRepository } from './conversations.repository';
import { createdEntry } from './webhook-outbox';
import { MessageAppender } from './message-appender.service';
import { QueueRouting } from './queue-routing.service';
import type { ConversationRecord } from './schemas/conversation.schema';

/**
 * The conversation's use cases (PROTOCOL section 4): each one checks what only it knows (the transfer target, the
 * assigned agent) and hands its row of the conversation-rules table to ConversationTransitions, which applies it.
 */
@Injectable()
export class ConversationsService {
  private readonly logger = new Logger('Conversations');

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly transitions: ConversationTransitions,
    private readonly messageStore: MessagesRepository,
    private readonly appender: MessageAppender,
    private readonly events: DomainEventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: AbuseLimitsService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    private readonly routing: QueueRouting,
  ) {}

  private async require(id: string): Promise<ConversationRecord> {
    const c = await this.conversations.findById(id);
    if (!c) throw notFound('conversation');
    return c;
  }

  async get(who: Principal, id: string): Promise<Conversation> {
    const c = await this.require(id);
    if (!maySeeConversation(who, c)) throw forbidden('you may not see this conversation');
    return toConversation(c);
  }

  // ---- customer ----

  /**
   * One live conversation per customer, claimed on the customer's user document (compare-and-set). Making a new
   * one counts against the caller's address (CONVERSATION_START_LIMIT); answering with the live one counts nothing.
   * Section 9: an offline message needs its text and an email; pre-chat values are checked against the settings; the
   * welcome message is written down with the conversation itself (pending, so a crash cannot lose it) and the queue
   * notice's deadline set.
   */
  async start(customer: SocketUser, payload: StartConversationPayload = {}, address: string): Promise<Conversation> {
    const settings = await this.settings.get();
    const offline = payload.offline === true;
    const problems: { field: string; errors: string[]; code?: string }[] = [];
    if (offline && !payload.text?.trim()) problems.push({ field: 'text', errors: ['an offline message needs its text'] });
    if (offline && !payload.email) problems.push({ field: 'email', errors: ['an offline message needs an email'] });
    const values = validatePreChatValues(settings.preChatFields, payload.fields, { requireNone: offline });
    if (!values.ok) problems.push(...values.problems.map((p) => ({ field: p.field, errors: [p.message], code: p.code })));
    if (payload.teamId && !(await this.routing.teamExists(payload.teamId)))
      problems.push({ field: 'teamId', errors: ['is not a team'] });
    if (problems.length > 0)
      throw badRequest(`invalid payload: ${problems.map((p) => p.field).join(', ')}`, problems);

    let counted = false;
    for (let attempt = 0; attempt < 20; attempt++) {
      const user = await this.users.findById(customer.id);
      if (!user) throw notFound('customer');
      if (user.block) {
        // A block closes the live conversation; one left open (the blocking gateway died in between) closes now.
        if (user.liveConversationId) await this.closeBlocked(user.liveConversationId);
        throw refused('forbidden', 'blocked', 'you cannot start a conversation');
      }
      if (user.liveConversationId) {
        const live = await this.conversations.findById(user.liveConversationId);
        if (live && live.artificialType !== 'closed') return toConversation(live);
        if (live || attempt >= 5) {
          // closed (or its creator died before inserting it): free the slot and claim a new one
          await this.users.releaseLiveConversation(customer.id, user.liveConversationId);
        } else {
          await new Promise((resolve) => setTimeout(resolve, 50)); // a concurrent start is inserting it
        }
        continue;
      }
      if (!counted) {
        await this.limits.consume('conversation-start', address);
        counted = true;
      }
      const id = new Types.ObjectId().toHexString();
      if (!(await this.users.claimLiveConversation(customer.id, id))) continue;
      const now = this.clock.now();
      const name = payload.name?.trim() || user.name;
      const email = payload.email ?? user.contactEmail ?? null;
      if (name !== user.name || email !== (user.contactEmail ?? null))
        await this.users.updateCustomerProfile(user._id, { name, contactEmail: email });
      const welcome = settings.welcomeMessage
        ? pendingSystem({ code: 'welcome', params: { text: settings.welcomeMessage } }, now)
        : null;
      const record = {
        _id: id,
        number: await this.conversations.nextNumber(),
        artificialType: 'open' as const,
        customerId: customer.id,
        customer: { id: customer.id, name, type: user.type ?? null, email },
        searchKeys: searchKeys(name, email),
        createdAt: now,
        queuedAt: now,
        offline,
        fields: values.ok ? values.values : {},
        teamId: payload.teamId ?? null,
        customerActiveAt: now,
        queueNoticeAt: settings.queueNotice ? new Date(now.getTime() + settings.queueNotice.afterSeconds * 1000) : null,
        pendingSystem: welcome ? [welcome] : [],
      };
      // conversation.created is written in the conversation's own insert (docs/webhooks.md).
      const created = await this.conversations.create({ ...record, webhookOutbox: [createdEntry(record)] });
      this.logger.log({ message: 'conversation started', conversationId: id, number: created.number, offline });
      let latest = created;
      const announced: Message[] = [];
      if (welcome) {
        const appended = await this.transitions.appendSystem(latest, welcome);
        latest = appended.conversation;
        if (appended.message) announced.push(appended.message);
      }
      if (payload.text?.trim()) {
        // Stored before the conversation is announced, so the queue shows it with its first message.
        const appended = await this.appender.append(latest, {
          clientMsgId: `start-${id}`,
          sender: { id: customer.id, type: 'customer', name },
          kind: 'text',
          text: payload.text.trim(),
          attachment: null,
        });
        latest = appended.conversation;
        announced.push(toMessage(appended.message));
      }
      const conversation = toConversation(latest);
      this.events.publish({ type: 'conversation.changed', conversation, previous: null });
      for (const message of announced) this.events.publish({ type: 'message.created', message, conversation });
      return conversation;
    }
    throw conflict('could not start a conversation; try again');
  }

  async current(customer: Principal): Promise<Conversation | null> {
    const user = await this.users.findById(customer.id);
    if (!user?.liveConversationId) return null;
    const live = await this.conversations.findById(user.liveConversationId);
    return live && live.artificialType !== 'closed' ? toConversation(live) : null;
  }

  closeByCustomer(customer: SocketUser, conversationId: string): Promise<Conversation> {
    return this.transitions.perform('close_by_customer', customer, conversationId);
  }

  confirmClose(customer: SocketUser, conversationId: string): Promise<Conversation> {
    return this.transitions.perform('confirm_close', customer, conversationId);
  }

  rate(customer: SocketUser, dto: RateConversationDto): Promise<Conversation> {
    return this.transitions.perform('rate', customer, dto.conversationId, {
      input: { score: dto.score, comment: dto.comment },
    });
  }

  // ---- agents ----

  /** Section 9: an agent grabs only from the part of the queue they see (their teams', team-less, uncovered teams'). */
  async grab(agent: SocketUser, conversationId: string): Promise<Conversation> {
    const c = await this.require(conversationId);
    // A team-less conversation is everyone's: routing is read only for a team's.
    if (c.teamId && isQueued(c.artificialType) && !(await this.routing.snapshot()).visibleTo(agent, c.teamId)) {
      throw refused('forbidden', 'not_in_team', "this conversation waits in the queue of a team you are not in");
    }
    return this.transitions.perform('grab', agent, conversationId);
  }

  async transfer(agent: SocketUser, dto: TransferConversationDto): Promise<Conversation> {
    const input = { toAgentId: dto.toAgentId, toTeamId: dto.toTeamId, note: dto.note };
    if (dto.toAgentId && dto.toTeamId) {
      throw badRequest('transfer to an agent or to a team, not both', [
        { field: 'toTeamId', errors: ['cannot be given with toAgentId'] },
      ]);
    }
    if (dto.toTeamId) {
      const c = await this.require(dto.conversationId);
      // Who and which state come first (the table's refusals), then the team.
      if (c.agentId === agent.id && c.artificialType === 'serving' && !(await this.routing.teamExists(dto.toTeamId)))
        throw badRequest('unknown team', [{ field: 'toTeamId', errors: ['is not a team'] }]);
      return this.transitions.perform('transfer_to_team', agent, dto.conversationId, { input });
    }
    if (!dto.toAgentId)
      return this.transitions.perform('transfer_to_queue', agent, dto.conversationId, { input });
    const c = await this.require(dto.conversationId);
    // Who and which state come first, as for every action; then the target.
    if (c.agentId === agent.id && c.artificialType === 'serving') {
      if (dto.toAgentId === agent.id)
        throw badRequest('cannot transfer to yourself', [{ field: 'toAgentId', errors: ['is yourself'] }]);
      await this.usersService.requireAgent(dto.toAgentId);
    }
    return this.transitions.perform('transfer_to_agent', agent, dto.conversationId, { input });
  }

  acceptTransfer(agent: SocketUser, conversationId: string): Promise<Conversation> {
    return this.transitions.perform('accept_transfer', agent, conversationId);
  }

  declineTransfer(agent: SocketUser, conversationId: string): Promise<Conversation> {
    return this.transitions.perform('decline_transfer', agent, conversationId);
  }

  cancelTransfer(agent: SocketUser, conversationId: string): Promise<Conversation> {
    return this.transitions.perform('cancel_transfer', agent, conversationId);
  }

  closeByAgent(agent: SocketUser, dto: CloseConversationDto): Promise<Conversation> {
    return this.transitions.perform(dto.force ? 'force_close' : 'propose_close', agent, dto.conversationId);
  }

  // ---- supervisors ----

  /** Section 11's REST close by a supervisor who is not the assignee: any live state, the assignee's slot freed. */
  closeAsSupervisor(supervisor: SocketUser, conversationId: string): Promise<Conversation> {
    return this.transitions.perform('supervisor_close', supervisor, conversationId);
  }

  /** Any state but closed; the agent's load limit does not apply. */
  async assign(supervisor: SocketUser, dto: AssignConversationDto): Promise<Conversation> {
    if (supervisor.role !== 'supervisor') throw forbidden('only supervisors may assign');
    await this.usersService.requireAgent(dto.agentId);
    return this.transitions.perform('assign', supervisor, dto.conversationId, {
      input: { agentId: dto.agentId },
    });
  }

  async watch(supervisor: Principal, conversationId: string): Promise<WatchResult> {
    if (supervisor.role !== 'supervisor') throw forbidden('only supervisors may watch');
    const c = await this.require(conversationId);
    const messages = await this.messageStore.before(c._id, undefined, 50);
    return { conversation: toConversation(c), messages: messages.map((m) => toMessage(m)) };
  }

  async mine(agent: Principal): Promise<Conversation[]> {
    return (await this.conversations.listHeldBy(agent.id)).map(toConversation);
  }

  /** customer.block (issue 14): the blocked customer's live conversation closes, with the system message. */
  async closeBlocked(conversationId: string): Promise<Conversation | null> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const c = await this.conversations.findById(conversationId);
      if (!c || c.artificialType === 'closed') return null;
      const closed = await this.transitions.happen('close_blocked', c);
      if (closed) return toConversation(closed);
    }
    throw conflict('the conversation kept changing; try again');
  }

  // ---- what the gateway does by itself (the sweeper runs it on every gateway; the CAS lets exactly one act) ----

  async expireTransfers(now: Date): Promise<number> {
    return this.count(await this.conversations.listDue('transfer_initiated', now), 'transfer_timeout', now);
  }

  async expireCloses(now: Date): Promise<number> {
    return this.count(await this.conversations.listDue('close_initiated', now), 'close_timeout', now);
  }

  /** Agents whose sockets have all been gone for AGENT_GRACE_S: their serving conversations go back to the queue. */
  async requeueAbsentAgents(now: Date): Promise<number> {
    const graceMs = this.config.agentGraceS * 1000;
    const absent = await this.users.findAbsentAgents(
      new Date(now.getTime() - graceMs),
      new Date(now.getTime() - Math.max(graceMs, 30_000)),
    );
    let requeued = 0;
    for (const agent of absent) {
      requeued += await this.count(
        await this.conversations.listHeldBy(agent._id.toHexString(), ['serving']),
        'agent_absent',
        now,
      );
    }
    return requeued;
  }

  /** The system messages a crash left pending: all of them at start-up, those older than a moment on each tick. */
  appendLeftPending(cutoff: Date): Promise<number> {
    return this.transitions.appendLeftPending(cutoff);
  }

  /**
   * PROTOCOL section 4: a customer writing in close_initiated takes the conversation back to serving, but only a
   * message written after the proposal's system message (the CAS compares seqs; a message recorded before that
   * line lands is before the proposal).
   */
  async resumeAfterCustomerReply(c: ConversationRecord, seq: number): Promise<void> {
    await this.transitions.happen('customer_reply', c, { seq });
  }

  /**
   * Section 9's queue notice: posted once to a customer still waiting `afterSeconds` after the start. Each due
   * conversation is claimed by one conditional update (the deadline cleared, the message written down pending), so
   * with several gateways one posts it; one no longer queued, or with the notice turned off, is just cleared.
   */
  async postQueueNotices(now: Date): Promise<number> {
    const due = await this.conversations.listQueueNoticesDue(now);
    if (due.length === 0) return 0;
    const { queueNotice } = await this.settings.get();
    let posted = 0;
    for (const c of due) {
      const pending =
        queueNotice && isQueued(c.artificialType)
          ? pendingSystem({ code: 'queue_notice', params: { text: queueNotice.text } }, now)
          : null;
      const claimed = await this.conversations.claimQueueNotice(c._id, now, pending);
      if (claimed && pending) {
        await this.transitions.postPending(claimed, pending);
        posted++;
      }
    }
    return posted;
  }

  /** Section 9's idleClose: serving conversations whose customer has written nothing for `afterMinutes` close. */
  async closeIdle(now: Date): Promise<number> {
    const { idleClose } = await this.settings.get();
    if (!idleClose) return 0;
    const idleCutoff = new Date(now.getTime() - idleClose.afterMinutes * 60_000);
    return this.count(await this.conversations.listIdle(idleCutoff), 'idle_close', now, { idleCutoff });
  }

  private async count(
    candidates: ConversationRecord[],
    action: 'transfer_timeout' | 'close_timeout' | 'agent_absent' | 'idle_close',
    now: Date,
    options: Omit<TransitionOptions, 'now'> = {},
  ) {
    let done = 0;
    for (const c of candidates) if (await this.transitions.happen(action, c, { ...options, now })) done++;
    return done;
  }
}
