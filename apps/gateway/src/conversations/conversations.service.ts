import { Inject, Injectable, Logger } from '@nestjs/common';
import { QUEUED_STATES, type ArtificialType, type Conversation, type Message, type WatchResult } from '@switchboard/protocol';
import type {
  AssignConversationDto,
  CloseConversationDto,
  RateConversationDto,
  TransferConversationDto,
} from '@switchboard/protocol/dto';
import { Types } from 'mongoose';
import { AbuseLimitsService } from '../abuse/abuse-limits.service';
import type { Principal, SocketUser } from '../auth/principal';
import { badRequest, conflict, forbidden, notFound } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainEventsService } from '../events/domain-events.service';
import { MessageAppender } from '../messages/message-appender.service';
import { toMessage } from '../messages/message.mapper';
import { MessagesRepository } from '../messages/messages.repository';
import { MessagesService } from '../messages/messages.service';
import { UnreadService } from '../messages/unread.service';
import { MetricsService } from '../metrics/metrics.service';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { maySeeConversation } from './conversation-access';
import { toConversation } from './conversation.mapper';
import { ConversationsRepository, SLOT_STATES } from './conversations.repository';
import type { ConversationRecord } from './schemas/conversation.schema';

const holdsSlot = (state: ArtificialType) => SLOT_STATES.includes(state);
const withNote = (text: string, note?: string | null) => (note?.trim() ? `${text}: ${note.trim()}` : text);

/**
 * The state machine of PROTOCOL section 4. Every transition is one conditional findOneAndUpdate on the expected
 * state and assignee; a lost race changes nothing and answers `conflict`. Load slots live on the agent's user
 * document (servingCount) and are reserved with a conditional $inc before the conversation CAS.
 */
@Injectable()
export class ConversationsService {
  private readonly logger = new Logger('Conversations');

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly messages: MessagesService,
    private readonly messageStore: MessagesRepository,
    private readonly appender: MessageAppender,
    private readonly unread: UnreadService,
    private readonly events: DomainEventsService,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly limits: AbuseLimitsService,
  ) {}

  private async require(id: string): Promise<ConversationRecord> {
    const c = await this.conversations.findById(id);
    if (!c) throw notFound('conversation');
    return c;
  }

  private async nameOf(userId: string | null | undefined): Promise<string> {
    if (!userId) return 'someone';
    return (await this.users.findById(userId))?.name ?? 'someone';
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
        customer: { id: customer.id, name: user.name, type: user.type ?? null },
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

  async closeByCustomer(customer: Principal, conversationId: string): Promise<Conversation> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const c = await this.require(conversationId);
      if (c.customerId !== customer.id) throw forbidden('not your conversation');
      if (c.artificialType === 'closed') throw conflict('the conversation is already closed');
      const after = await this.close(c, { artificialType: c.artificialType, agentId: c.agentId }, 'customer');
      if (after) return this.finish(c, after, 'Closed by the customer');
    }
    throw conflict('the conversation kept changing; try again');
  }

  async confirmClose(customer: Principal, conversationId: string): Promise<Conversation> {
    const c = await this.require(conversationId);
    if (c.customerId !== customer.id) throw forbidden('not your conversation');
    if (c.artificialType !== 'close_initiated') throw conflict('no close is waiting for confirmation');
    const after = await this.close(c, { artificialType: 'close_initiated', agentId: c.agentId }, 'customer');
    return this.finish(c, after, 'Closed by the customer');
  }

  async rate(customer: Principal, dto: RateConversationDto): Promise<Conversation> {
    const c = await this.require(dto.conversationId);
    if (c.customerId !== customer.id) throw forbidden('not your conversation');
    if (c.artificialType !== 'closed') throw conflict('only a closed conversation can be rated');
    if (c.rating) throw conflict('the conversation is already rated');
    const after = await this.conversations.transition(
      c._id,
      { artificialType: 'closed', rating: null },
      { $set: { rating: { score: dto.score, comment: dto.comment?.trim() || null } } },
    );
    return this.finish(c, after, null);
  }

  // ---- agents ----

  async grab(agent: SocketUser, conversationId: string): Promise<Conversation> {
    const c = await this.require(conversationId);
    if (agent.role !== 'agent') throw forbidden('only agents can take conversations'); // the role before the state
    if (!QUEUED_STATES.includes(c.artificialType)) {
      this.metrics.grabConflicts.inc();
      throw conflict('the conversation is not waiting in the queue');
    }
    await this.reserveSlot(agent.id, true);
    const now = new Date();
    const after = await this.conversations.transition(
      c._id,
      { artificialType: { $in: QUEUED_STATES }, agentId: null },
      {
        $set: {
          artificialType: 'serving',
          agentId: agent.id,
          assignedAt: now,
          transfer: null,
          deadlineAt: null,
          waitSeconds: c.queuedAt ? Math.max(0, (now.getTime() - new Date(c.queuedAt).getTime()) / 1000) : null,
        },
        $addToSet: { participants: agent.id },
      },
    );
    if (!after) {
      await this.users.adjustSlots(agent.id, -1);
      this.metrics.grabConflicts.inc();
      throw conflict('another agent got there first');
    }
    return this.finish(c, await this.unread.resetForAssignee(after), `${agent.name} joined`);
  }

  async transfer(agent: SocketUser, dto: TransferConversationDto): Promise<Conversation> {
    const c = await this.require(dto.conversationId);
    if (c.agentId !== agent.id) throw forbidden('only the assignee may transfer');
    if (c.artificialType !== 'serving') throw conflict('only a conversation being served can be transferred');
    const note = dto.note?.trim() || null;
    const now = new Date();
    if (dto.toAgentId) {
      if (dto.toAgentId === agent.id) throw badRequest('cannot transfer to yourself', [{ field: 'toAgentId', errors: ['is yourself'] }]);
      const target = await this.usersService.requireAgent(dto.toAgentId);
      const expiresAt = new Date(now.getTime() + this.config.transferTimeoutS * 1000);
      const after = await this.conversations.transition(
        c._id,
        { artificialType: 'serving', agentId: agent.id },
        {
          $set: {
            artificialType: 'transfer_initiated',
            deadlineAt: expiresAt,
            transfer: {
              mode: 'agent',
              fromAgentId: agent.id,
              toAgentId: dto.toAgentId,
              note,
              initiatedAt: now.toISOString(),
              expiresAt: expiresAt.toISOString(),
            },
          },
        },
      );
      return this.finish(c, after, withNote(`${agent.name} transferred the conversation to ${target.name}`, note));
    }
    const after = await this.conversations.transition(
      c._id,
      { artificialType: 'serving', agentId: agent.id },
      {
        $set: {
          artificialType: 'transferring',
          agentId: null,
          queuedAt: now,
          deadlineAt: null,
          'unread.agent': 0,
          transfer: { mode: 'queue', fromAgentId: agent.id, toAgentId: null, note, initiatedAt: now.toISOString(), expiresAt: null },
        },
      },
    );
    if (after) await this.users.adjustSlots(agent.id, -1);
    return this.finish(c, after, withNote(`${agent.name} returned the conversation to the queue`, note));
  }

  async acceptTransfer(agent: SocketUser, conversationId: string): Promise<Conversation> {
    const c = await this.requirePendingTransferFor(agent, conversationId);
    await this.reserveSlot(agent.id, false);
    const after = await this.conversations.transition(
      c._id,
      { artificialType: 'transfer_initiated', agentId: c.agentId, 'transfer.toAgentId': agent.id },
      {
        $set: { artificialType: 'serving', agentId: agent.id, transfer: null, deadlineAt: null, assignedAt: new Date() },
        $addToSet: { participants: agent.id },
      },
    );
    if (!after) {
      await this.users.adjustSlots(agent.id, -1);
      throw conflict('the transfer is no longer pending');
    }
    if (c.agentId) await this.users.adjustSlots(c.agentId, -1);
    const from = await this.nameOf(c.agentId);
    return this.finish(c, await this.unread.resetForAssignee(after), `${agent.name} accepted the transfer from ${from}`);
  }

  async declineTransfer(agent: SocketUser, conversationId: string): Promise<Conversation> {
    const c = await this.requirePendingTransferFor(agent, conversationId);
    const after = await this.conversations.transition(
      c._id,
      { artificialType: 'transfer_initiated', agentId: c.agentId, 'transfer.toAgentId': agent.id },
      { $set: { artificialType: 'serving', transfer: null, deadlineAt: null } },
    );
    return this.finish(c, after, `${agent.name} declined the transfer`);
  }

  async cancelTransfer(agent: SocketUser, conversationId: string): Promise<Conversation> {
    const c = await this.require(conversationId);
    if (c.agentId !== agent.id) throw forbidden('only the assignee may cancel the transfer');
    if (c.artificialType !== 'transfer_initiated') throw conflict('no transfer is pending');
    const after = await this.conversations.transition(
      c._id,
      { artificialType: 'transfer_initiated', agentId: agent.id },
      { $set: { artificialType: 'serving', transfer: null, deadlineAt: null } },
    );
    const target = await this.nameOf(c.transfer?.toAgentId);
    return this.finish(c, after, `${agent.name} cancelled the transfer to ${target}`);
  }

  async closeByAgent(agent: SocketUser, dto: CloseConversationDto): Promise<Conversation> {
    const c = await this.require(dto.conversationId);
    if (c.agentId !== agent.id) throw forbidden('only the assignee may close');
    if (c.artificialType !== 'serving') throw conflict('only a conversation being served can be closed');
    const expected = { artificialType: 'serving', agentId: agent.id };
    if (dto.force) return this.finish(c, await this.close(c, expected, 'agent'), `Closed by ${agent.name}`);
    const deadlineAt = new Date(Date.now() + this.config.closeTimeoutS * 1000);
    const after = await this.conversations.transition(c._id, expected, {
      $set: { artificialType: 'close_initiated', deadlineAt, closeProposalSeq: null },
    });
    if (!after) throw conflict('the conversation changed meanwhile');
    const recorded = await this.messages.recordTransition(c, after, `${agent.name} proposed to close the conversation`);
    // Only customer messages after this seq take the conversation back to serving.
    const marked = await this.conversations.transition(
      c._id,
      { artificialType: 'close_initiated' },
      { $set: { closeProposalSeq: recorded.systemSeq ?? recorded.conversation.lastSeq } },
    );
    return toConversation(marked ?? recorded.conversation);
  }

  // ---- supervisors ----

  /** Any state but closed; the agent's load limit does not apply. */
  async assign(supervisor: SocketUser, dto: AssignConversationDto): Promise<Conversation> {
    if (supervisor.role !== 'supervisor') throw forbidden('only supervisors may assign');
    const target = await this.usersService.requireAgent(dto.agentId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const c = await this.require(dto.conversationId);
      if (c.artificialType === 'closed') throw conflict('the conversation is closed');
      const now = new Date();
      const wasQueued = QUEUED_STATES.includes(c.artificialType);
      const after = await this.conversations.transition(
        c._id,
        { artificialType: c.artificialType, agentId: c.agentId },
        {
          $set: {
            artificialType: 'serving',
            agentId: dto.agentId,
            transfer: null,
            deadlineAt: null,
            assignedAt: now,
            ...(wasQueued && c.queuedAt ? { waitSeconds: (now.getTime() - new Date(c.queuedAt).getTime()) / 1000 } : {}),
          },
          $addToSet: { participants: dto.agentId },
        },
      );
      if (!after) continue;
      const keptSlot = holdsSlot(c.artificialType) && c.agentId === dto.agentId;
      if (holdsSlot(c.artificialType) && c.agentId && !keptSlot) await this.users.adjustSlots(c.agentId, -1);
      if (!keptSlot) await this.users.adjustSlots(dto.agentId, 1);
      const text = `${supervisor.name} assigned the conversation to ${target.name}`;
      return this.finish(c, await this.unread.resetForAssignee(after), text);
    }
    throw conflict('the conversation kept changing; try again');
  }

  async watch(supervisor: Principal, conversationId: string): Promise<WatchResult> {
    if (supervisor.role !== 'supervisor') throw forbidden('only supervisors may watch');
    const c = await this.require(conversationId);
    const messages = await this.messageStore.before(c._id, undefined, 50);
    return { conversation: toConversation(c), messages: messages.map(toMessage) };
  }

  async mine(agent: Principal): Promise<Conversation[]> {
    return (await this.conversations.listHeldBy(agent.id)).map(toConversation);
  }

  // ---- deadlines (run by the sweeper on every gateway; the CAS lets exactly one act) ----

  async expireTransfers(now: Date): Promise<number> {
    let expired = 0;
    for (const c of await this.conversations.listDue('transfer_initiated', now)) {
      const after = await this.conversations.transition(
        c._id,
        { artificialType: 'transfer_initiated', deadlineAt: { $lte: now } },
        { $set: { artificialType: 'serving', transfer: null, deadlineAt: null } },
      );
      if (!after) continue;
      expired++;
      await this.messages.recordTransition(c, after, `The transfer to ${await this.nameOf(c.transfer?.toAgentId)} expired`);
    }
    return expired;
  }

  async expireCloses(now: Date): Promise<number> {
    let closed = 0;
    for (const c of await this.conversations.listDue('close_initiated', now)) {
      const after = await this.close(c, { artificialType: 'close_initiated', deadlineAt: { $lte: now } }, 'system');
      if (!after) continue;
      closed++;
      await this.messages.recordTransition(c, after, 'Closed automatically: the customer did not answer');
    }
    return closed;
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
      const agentId = agent._id.toHexString();
      for (const c of await this.conversations.listHeldBy(agentId, ['serving'])) {
        const after = await this.conversations.transition(
          c._id,
          { artificialType: 'serving', agentId },
          {
            $set: {
              artificialType: 'transferring',
              agentId: null,
              queuedAt: now,
              'unread.agent': 0,
              transfer: {
                mode: 'queue',
                fromAgentId: agentId,
                toAgentId: null,
                note: 'agent offline',
                initiatedAt: now.toISOString(),
                expiresAt: null,
              },
            },
          },
        );
        if (!after) continue;
        requeued++;
        await this.users.adjustSlots(agentId, -1);
        await this.messages.recordTransition(c, after, `${agent.name} went offline; the conversation is back in the queue`);
      }
    }
    return requeued;
  }

  // ---- helpers ----

  private async requirePendingTransferFor(agent: Principal, conversationId: string): Promise<ConversationRecord> {
    const c = await this.require(conversationId);
    if (c.artificialType !== 'transfer_initiated') throw conflict('no transfer is pending');
    if (c.transfer?.toAgentId !== agent.id) throw forbidden('the transfer is not offered to you');
    return c;
  }

  /** Takes a load slot or answers conflict (grab also needs the status online; accepting a transfer does not). */
  private async reserveSlot(agentId: string, requireOnline: boolean): Promise<void> {
    const agent = await this.users.findById(agentId);
    if (!agent || agent.role !== 'agent') throw forbidden('only agents can take conversations');
    if (await this.users.reserveSlot(agentId, agent.maxConcurrent, requireOnline)) return;
    this.metrics.grabConflicts.inc();
    if (requireOnline && agent.status !== 'online') throw conflict('set your status to online to take conversations');
    throw conflict(`you already serve your limit of ${agent.maxConcurrent} conversations`);
  }

  /** Closes with a CAS on `expected`; on success frees the assignee's slot and the customer's live slot. */
  private async close(c: ConversationRecord, expected: Record<string, unknown>, by: 'customer' | 'agent' | 'system') {
    const after = await this.conversations.transition(c._id, expected, {
      $set: { artificialType: 'closed', closedAt: new Date(), closedBy: by, deadlineAt: null, transfer: null },
    });
    if (!after) return null;
    if (holdsSlot(c.artificialType) && c.agentId) await this.users.adjustSlots(c.agentId, -1);
    await this.users.releaseLiveConversation(c.customerId, c._id);
    return after;
  }

  private async finish(before: ConversationRecord, after: ConversationRecord | null, systemText: string | null) {
    if (!after) throw conflict('the conversation changed meanwhile');
    return toConversation((await this.messages.recordTransition(before, after, systemText)).conversation);
  }
}
