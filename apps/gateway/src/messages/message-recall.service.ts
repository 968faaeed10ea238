import { Inject, Injectable } from '@nestjs/common';
import { messagePreview, type Message, type ReplyTo } from '@switchboard/protocol';
import type { RecallMessageDto } from '@switchboard/protocol/dto';
import type { Principal, SocketUser } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, forbidden, notFound, refused } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { mayReadMessages } from '../conversations/conversation-access';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationsRepository } from '../conversations/conversations.repository';
import type { ConversationRecord } from '../conversations/schemas/conversation.schema';
import { DomainEventsService } from '../events/domain-events.service';
import { previewOf, toMessage } from '../message-store/message.mapper';
import { MessagesRepository } from '../message-store/messages.repository';
import type { StoredMessage } from '../message-store/schemas/message.schema';

/**
 * PROTOCOL section 8: recalling one's own message within RECALL_WINDOW_S, and what a quote (`replyTo`) holds.
 * The recall is one compare-and-set on the message (its sender, not recalled yet, created inside the window by the
 * injected Clock); the quotes of it and the conversation's preview follow.
 */
@Injectable()
export class MessageRecallService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly events: DomainEventsService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async recall(user: SocketUser, dto: RecallMessageDto): Promise<Message> {
    const c = await this.conversations.findById(dto.conversationId);
    if (!c) throw notFound('conversation');
    if (!mayReadMessages(user, c)) throw forbidden('not your conversation');
    const now = this.clock.now();
    const since = new Date(now.getTime() - this.config.recallWindowS * 1000);
    const recalled = await this.messages.recall(c._id, dto.seq, user.id, since, now);
    if (!recalled) return this.refusal(user, c, dto.seq);

    await this.messages.markQuotesRecalled(c._id, recalled.seq);
    const previewed = await this.conversations.recallLastMessage(c._id, previewOf(recalled));
    const message = toMessage(recalled);
    this.events.publish({
      type: 'message.updated',
      message,
      audience: { customerId: c.customerId, agentId: c.agentId },
    });
    // The lists' preview of it changed: conversation.updated, as after a label change (the state did not move).
    if (previewed) {
      this.events.publish({
        type: 'conversation.changed',
        conversation: toConversation(previewed),
        previous: {
          artificialType: previewed.artificialType,
          agentId: previewed.agentId,
          transferToAgentId: previewed.transfer?.toAgentId ?? null,
        },
      });
    }
    return message;
  }

  /** Why the compare-and-set matched nothing; a message already recalled by its sender answers as recalled. */
  private async refusal(user: SocketUser, c: ConversationRecord, seq: number): Promise<Message> {
    const message = await this.messages.findBySeq(c._id, seq);
    if (!message) throw notFound('message');
    if (message.sender.id !== user.id || message.sender.type === 'system') {
      throw refused('forbidden', 'not_sender', 'only its sender may recall a message');
    }
    if (message.recalledAt) return toMessage(message);
    throw refused('conflict', 'recall_window_passed', `a message can be recalled within ${this.config.recallWindowS} seconds of sending`);
  }

  /**
   * What `replyToSeq` quotes: a text, image or file message of this conversation (every reader of it sees those;
   * a system message is not quoted). Anything else is a bad_request naming the field.
   */
  async quote(conversationId: string, replyToSeq: number): Promise<ReplyTo> {
    const quoted = await this.messages.findBySeq(conversationId, replyToSeq);
    if (!quoted || quoted.sender.type === 'system') {
      throw badRequest('replyToSeq must be the seq of a message of this conversation', [
        { field: 'replyToSeq', errors: ['no such message to quote in this conversation'] },
      ]);
    }
    return replyToOf(quoted);
  }

  /**
   * A message quoting one that was recalled while it was being stored: the recall's update of the quotes may have
   * run before this message existed, so the quote is marked here (the two together miss no order of events).
   */
  async settleQuote(stored: StoredMessage): Promise<StoredMessage> {
    if (!stored.replyTo || stored.replyTo.recalled) return stored;
    const quoted = await this.messages.findBySeq(stored.conversationId, stored.replyTo.seq);
    if (!quoted?.recalledAt) return stored;
    await this.messages.markQuotesRecalled(stored.conversationId, quoted.seq);
    return { ...stored, replyTo: { ...stored.replyTo, preview: '', recalled: true } };
  }

  /** Section 8: supervisors may ask for the originals of recalled messages; others get what every reader gets. */
  static viewFor(reader: Principal, includeRecalled: boolean): 'reader' | 'original' {
    return includeRecalled && reader.role === 'supervisor' ? 'original' : 'reader';
  }
}

function replyToOf(quoted: StoredMessage): ReplyTo {
  const recalled = Boolean(quoted.recalledAt);
  return {
    seq: quoted.seq,
    preview: recalled ? '' : messagePreview(quoted).preview,
    senderName: quoted.sender.name,
    recalled,
  };
}
