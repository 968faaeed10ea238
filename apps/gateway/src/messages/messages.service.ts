import { Injectable } from '@nestjs/common';
import { LIMITS, type Message, type SyncResult } from '@switchboard/protocol';
import type { SendMessageDto, SyncMessagesDto } from '@switchboard/protocol/dto';
import { AttachmentsService } from '../attachments/attachments.service';
import type { Principal, SocketUser } from '../auth/principal';
import { badRequest, forbidden, notFound, refused } from '../common/domain-error';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { MessageAppender } from '../conversations/message-appender.service';
import { MessageReadAccess } from '../conversations/message-read-access.service';
import type { ConversationRecord } from '../conversations/schemas/conversation.schema';
import { UnreadService } from '../conversations/unread.service';
import { DomainEventsService } from '../events/domain-events.service';
import { toMessage } from '../message-store/message.mapper';
import { MessagesRepository } from '../message-store/messages.repository';
import { UsersRepository } from '../users/users.repository';
import { MessageRecallService } from './message-recall.service';

/** Writing messages (and reading pages of them): the conversation's own rules and counters are conversations/. */
@Injectable()
export class MessagesService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly conversationsService: ConversationsService,
    private readonly messages: MessagesRepository,
    private readonly appender: MessageAppender,
    private readonly unread: UnreadService,
    private readonly attachments: AttachmentsService,
    private readonly events: DomainEventsService,
    private readonly users: UsersRepository,
    private readonly readAccess: MessageReadAccess,
    private readonly recalls: MessageRecallService,
  ) {}

  async requireConversation(id: string): Promise<ConversationRecord> {
    const conversation = await this.conversations.findById(id);
    if (!conversation) throw notFound('conversation');
    return conversation;
  }

  /** The customer may write in any state but closed; staff only while they are the assignee. */
  private assertMayWrite(sender: Principal, c: ConversationRecord): void {
    const mine = sender.role === 'customer' ? c.customerId === sender.id : c.agentId === sender.id;
    if (!mine) throw refused('forbidden', 'not_assignee', 'not your conversation');
    if (c.artificialType === 'closed') throw refused('conflict', 'wrong_state', 'the conversation is closed');
  }

  async send(sender: SocketUser, dto: SendMessageDto): Promise<Message> {
    const conversation = await this.requireConversation(dto.conversationId);
    // A block closes the live conversation, so only a customer writing into a closed one can be blocked: asking
    // there keeps the read off every other message.
    if (sender.role === 'customer' && conversation.customerId === sender.id && conversation.artificialType === 'closed') {
      if ((await this.users.findById(sender.id))?.block) throw refused('forbidden', 'blocked', 'you cannot write here');
    }
    this.assertMayWrite(sender, conversation);
    const kind = dto.kind ?? 'text';
    // A text message ignores attachmentId (docs/protocol.md), so it is not even looked up.
    const attachment =
      kind !== 'text' && dto.attachmentId
        ? await this.attachments.requireOwn(sender, dto.attachmentId)
        : null;
    if (kind === 'image' && attachment && !attachment.mime.startsWith('image/')) {
      throw badRequest('an image message needs an image attachment', [
        { field: 'attachmentId', errors: ['attachment is not an image'] },
      ]);
    }
    const replyTo = dto.replyToSeq === undefined ? undefined : await this.recalls.quote(conversation._id, dto.replyToSeq);
    const appended = await this.appender.append(conversation, {
      clientMsgId: dto.clientMsgId,
      sender: { id: sender.id, type: sender.role === 'customer' ? 'customer' : 'agent', name: sender.name },
      kind,
      text: dto.text?.trim() || null,
      attachment,
      ...(replyTo ? { replyTo } : {}),
    });
    const message = toMessage(await this.recalls.settleQuote(appended.message));
    if (appended.duplicate) return message;
    this.events.publish({
      type: 'message.created',
      message,
      conversation: toConversation(appended.conversation),
    });
    if (sender.role === 'customer') {
      if (appended.conversation.agentId)
        await this.unread.announceToAgent(appended.conversation.agentId, appended.conversation._id);
      if (appended.conversation.artificialType === 'close_initiated') {
        await this.conversationsService.resumeAfterCustomerReply(appended.conversation, appended.message.seq);
      }
    } else {
      this.unread.announceToCustomer(appended.conversation);
    }
    return message;
  }

  async sync(reader: Principal, dto: SyncMessagesDto): Promise<SyncResult> {
    const c = await this.requireConversation(dto.conversationId);
    if (!(await this.readAccess.mayRead(reader, c))) throw forbidden('not your conversation');
    const page = await this.messages.range(c._id, dto.afterSeq, dto.limit ?? LIMITS.syncDefault);
    const lastSeq = Math.max(c.lastSeq, page.length ? page[page.length - 1].seq : 0);
    return { messages: page.map((m) => toMessage(m)), lastSeq };
  }

  /** With includeRecalled, supervisors get recalled messages' originals (section 8); for others it changes nothing. */
  async history(reader: Principal, conversationId: string, beforeSeq: number | undefined, limit?: number, includeRecalled = false) {
    const c = await this.requireConversation(conversationId);
    if (!(await this.readAccess.mayRead(reader, c))) throw forbidden('not your conversation');
    const page = await this.messages.before(c._id, beforeSeq, limit ?? LIMITS.historyPageDefault);
    const view = MessageRecallService.viewFor(reader, includeRecalled);
    return { messages: page.map((m) => toMessage(m, view)) };
  }

  /** Typing is relayed for the conversation's customer and its assignee only. */
  async assertMayType(user: Principal, conversationId: string): Promise<ConversationRecord> {
    const c = await this.requireConversation(conversationId);
    this.assertMayWrite(user, c);
    return c;
  }
}
