import { Inject, Injectable, Logger } from '@nestjs/common';
import { searchKeys, type Conversation, type Message, type WatchResult } from '@switchboard/protocol';
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
import { ConversationTransitions } from './conversation-transitions.service';
import { toConversation } from './conversation.mapper';
import { ConversationsRepository } from './conversations.repository';
import { MessageAppender } from './message-appender.service';
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
   */
  async start(customer: SocketUser, text: string | undefined, address: string): Promise<Conversation> {
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
      const now = new Date();
      const created = await this.conversations.create({
        _id: id,
        number: await this.conversations.nextNumber(),
        artificialType: 'open',
        customerId: customer.id,
        customer: { id: customer.id, name: user.name, type: user.type ?? null, email: user.contactEmail ?? null },
        searchKeys: searchKeys(user.name, user.contactEmail),
        createdAt: now,
        queuedAt: now,
      });
      this.logger.log({ message: 'conversation started', conversationId: id, number: created.number });
      let latest = created;
      let first: Message | null = null;
      if (text?.trim()) {
        // Stored before the conversation is announced, so the queue shows it with its first message.
        const appended = await this.appender.append(created, {
          clientMsgId: `start-${id}`,
          sender: { id: customer.id, type: 'customer', name: user.name },
          kind: 'text',
          text: text.trim(),
          attachment: null,
        });
        latest = appended.conversation;
        first = toMessage(appended.message);
      }
      const conversation = toConversation(latest);
      this.events.publish({ type: 'conversation.changed', conversation, previous: null });
      if (first) this.events.publish({ type: 'message.created', message: first, conversation });
      return toConversation(latest);
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

  grab(agent: SocketUser, conversationId: string): Promise<Conversation> {
    return this.transitions.perform('grab', agent, conversationId);
  }

  async transfer(agent: SocketUser, dto: TransferConversationDto): Promise<Conversation> {
    const input = { toAgentId: dto.toAgentId, note: dto.note };
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

  private async count(
    candidates: ConversationRecord[],
    action: 'transfer_timeout' | 'close_timeout' | 'agent_absent',
    now: Date,
  ) {
    let done = 0;
    for (const c of candidates) if (await this.transitions.happen(action, c, { now })) done++;
    return done;
  }
}
