import { Injectable, Logger } from '@nestjs/common';
import { LIMITS, type Message, type ReadResult, type SyncResult } from '@switchboard/protocol';
import type { ReadMessagesDto, SendMessageDto, SyncMessagesDto } from '@switchboard/protocol/dto';
import { AttachmentsService } from '../attachments/attachments.service';
import type { Principal, SocketUser } from '../auth/principal';
import { badRequest, conflict, DomainError, forbidden, notFound } from '../common/domain-error';
import { mayReadMessages } from '../conversations/conversation-access';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationsRepository } from '../conversations/conversations.repository';
import type { ConversationRecord } from '../conversations/schemas/conversation.schema';
import { DomainEventsService } from '../events/domain-events.service';
import { MessageAppender } from './message-appender.service';
import { toMessage } from './message.mapper';
import { MessagesRepository } from './messages.repository';
import { UnreadService } from './unread.service';

export const SYSTEM_SENDER = { id: 'system', type: 'system', name: 'Switchboard' } as const;

@Injectable()
export class MessagesService {
  private readonly logger = new Logger('Conversations');

  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly appender: MessageAppender,
    private readonly unread: UnreadService,
    private readonly attachments: AttachmentsService,
    private readonly events: DomainEventsService,
  ) {}

  async requireConversation(id: string): Promise<ConversationRecord> {
    const conversation = await this.conversations.findById(id);
    if (!conversation) throw notFound('conversation');
    return conversation;
  }

  /** The customer may write in any state but closed; staff only while they are the assignee. */
  private assertMayWrite(sender: Principal, c: ConversationRecord): void {
    const mine = sender.role === 'customer' ? c.customerId === sender.id : c.agentId === sender.id;
    if (!mine) throw forbidden('not your conversation');
    if (c.artificialType === 'closed') throw conflict('the conversation is closed');
  }

  async send(sender: SocketUser, dto: SendMessageDto): Promise<Message> {
    const conversation = await this.requireConversation(dto.conversationId);
    this.assertMayWrite(sender, conversation);
    const kind = dto.kind ?? 'text';
    // A text message ignores attachmentId (docs/protocol.md), so it is not even looked up.
    const attachment = kind !== 'text' && dto.attachmentId ? await this.attachments.requireOwn(sender, dto.attachmentId) : null;
    if (kind === 'image' && attachment && !attachment.mime.startsWith('image/')) {
      throw badRequest('an image message needs an image attachment', [
        { field: 'attachmentId', errors: ['attachment is not an image'] },
      ]);
    }
    const appended = await this.appender.append(conversation, {
      clientMsgId: dto.clientMsgId,
      sender: { id: sender.id, type: sender.role === 'customer' ? 'customer' : 'agent', name: sender.name },
      kind,
      text: dto.text?.trim() || null,
      attachment,
    });
    const message = toMessage(appended.message);
    if (appended.duplicate) return message;
    this.events.publish({ type: 'message.created', message, conversation: toConversation(appended.conversation) });
    if (sender.role === 'customer') {
      if (appended.conversation.agentId) await this.unread.announceToAgent(appended.conversation.agentId, appended.conversation._id);
      if (appended.conversation.artificialType === 'close_initiated') {
        await this.resumeAfterCustomerReply(appended.conversation, appended.message.seq);
      }
    } else {
      this.unread.announceToCustomer(appended.conversation);
    }
    return message;
  }

  /**
   * PROTOCOL section 4: a customer writing in close_initiated takes the conversation back to serving, but only
   * a message written after the proposal (a seq past the proposal's system message), not one still in flight.
   */
  private async resumeAfterCustomerReply(c: ConversationRecord, seq: number): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const resumed = await this.conversations.transition(
        c._id,
        { artificialType: 'close_initiated', agentId: c.agentId, closeProposalSeq: { $gte: 0, $lt: seq } },
        { $set: { artificialType: 'serving', deadlineAt: null, closeProposalSeq: null } },
      );
      if (resumed) {
        await this.recordTransition(c, resumed, 'The customer replied; the conversation continues');
        return;
      }
      const current = await this.conversations.findById(c._id);
      // Settled: no longer proposed, or proposed after this message. Otherwise the proposal is still being recorded.
      if (current?.artificialType !== 'close_initiated' || typeof current.closeProposalSeq === 'number') return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * After a state change: the system message that tells the story, then `conversation.changed` (which moves
   * sockets between rooms) before `message.created`, so a new assignee also receives the system message.
   */
  async recordTransition(
    before: ConversationRecord,
    after: ConversationRecord,
    systemText: string | null,
  ): Promise<{ conversation: ConversationRecord; systemSeq: number | null }> {
    let latest = after;
    let systemMessage: Message | null = null;
    if (systemText) {
      const appended = await this.appender.append(after, {
        clientMsgId: null,
        sender: { ...SYSTEM_SENDER },
        kind: 'system',
        text: systemText,
        attachment: null,
      });
      latest = appended.conversation;
      systemMessage = toMessage(appended.message);
    }
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
    if (systemMessage) this.events.publish({ type: 'message.created', message: systemMessage, conversation });
    await this.unread.announceDepartures(before, latest);
    return { conversation: latest, systemSeq: systemMessage?.seq ?? null };
  }

  /** Moves the reader's marker forward only, and sets their unread count to what others wrote after it. */
  async read(reader: SocketUser, dto: ReadMessagesDto): Promise<ReadResult> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const c = await this.requireConversation(dto.conversationId);
      if (!mayReadMessages(reader, c)) throw forbidden('not your conversation');
      if (reader.role === 'supervisor') return { conversationId: c._id, seq: 0, unread: 0 }; // watching moves nothing
      const isCustomer = reader.role === 'customer';
      const markerPath = isCustomer ? 'reads.customer' : `reads.agents.${reader.id}`;
      const marker = (isCustomer ? c.reads?.customer : c.reads?.agents?.[reader.id]) ?? 0;
      const isAssignee = !isCustomer && c.agentId === reader.id;
      const currentUnread = isCustomer ? (c.unread?.customer ?? 0) : isAssignee ? (c.unread?.agent ?? 0) : 0;
      const target = Math.min(dto.seq, c.lastSeq);
      if (target <= marker) return { conversationId: c._id, seq: marker, unread: currentUnread };

      const count = await this.messages.countFrom(c._id, isCustomer ? 'agent' : 'customer', target, c.lastSeq);
      const set: Record<string, number> = { [markerPath]: target };
      if (isCustomer) set['unread.customer'] = count;
      if (isAssignee) set['unread.agent'] = count;
      // Same lastSeq (so the count is exact) and the marker still behind (so two tabs never move it back).
      const updated = await this.conversations.transition(
        c._id,
        {
          lastSeq: c.lastSeq,
          agentId: c.agentId,
          $or: [{ [markerPath]: { $lt: target } }, { [markerPath]: { $exists: false } }],
        },
        { $set: set },
      );
      if (!updated) continue;
      this.events.publish({
        type: 'receipt',
        receipt: {
          conversationId: c._id,
          reader: { id: reader.id, type: reader.role },
          seq: target,
          at: new Date().toISOString(),
        },
      });
      if (isCustomer) this.unread.announceToCustomer(updated);
      else await this.unread.announceToAgent(reader.id, updated._id);
      return { conversationId: c._id, seq: target, unread: isCustomer || isAssignee ? count : 0 };
    }
    throw new DomainError('conflict', 'the conversation kept changing; try again');
  }

  async sync(reader: Principal, dto: SyncMessagesDto): Promise<SyncResult> {
    const c = await this.requireConversation(dto.conversationId);
    if (!mayReadMessages(reader, c)) throw forbidden('not your conversation');
    const page = await this.messages.range(c._id, dto.afterSeq, dto.limit ?? LIMITS.syncDefault);
    const lastSeq = Math.max(c.lastSeq, page.length ? page[page.length - 1].seq : 0);
    return { messages: page.map(toMessage), lastSeq };
  }

  async history(reader: Principal, conversationId: string, beforeSeq: number | undefined, limit?: number) {
    const c = await this.requireConversation(conversationId);
    if (!mayReadMessages(reader, c)) throw forbidden('not your conversation');
    const page = await this.messages.before(c._id, beforeSeq, limit ?? LIMITS.historyPageDefault);
    return { messages: page.map(toMessage) };
  }

  /** Typing is relayed for the conversation's customer and its assignee only. */
  async assertMayType(user: Principal, conversationId: string): Promise<ConversationRecord> {
    const c = await this.requireConversation(conversationId);
    this.assertMayWrite(user, c);
    return c;
  }
}
