import { Injectable } from '@nestjs/common';
import { ConversationsRepository } from '../conversations/conversations.repository';
import type { ConversationRecord } from '../conversations/schemas/conversation.schema';
import { DomainEventsService } from '../events/domain-events.service';
import { MessagesRepository } from './messages.repository';

/** Unread badges: the counters live on the conversation; this announces them with the user's total. */
@Injectable()
export class UnreadService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly events: DomainEventsService,
  ) {}

  /** Sum of the assignee's unread over the conversations they hold. */
  agentTotal(agentId: string): Promise<number> {
    return this.conversations.agentUnreadTotal(agentId);
  }

  async announceToAgent(agentId: string, conversation: ConversationRecord): Promise<void> {
    this.events.publish({
      type: 'unread.changed',
      userId: agentId,
      conversationId: conversation._id,
      count: conversation.agentId === agentId ? (conversation.unread?.agent ?? 0) : 0,
      total: await this.agentTotal(agentId),
    });
  }

  /** A customer has at most one live conversation, so its count is their total. */
  announceToCustomer(conversation: ConversationRecord): void {
    const count = conversation.unread?.customer ?? 0;
    this.events.publish({
      type: 'unread.changed',
      userId: conversation.customerId,
      conversationId: conversation._id,
      count,
      total: conversation.artificialType === 'closed' ? 0 : count,
    });
  }

  /** A new assignee's unread is what the customer wrote after that agent's own read marker. */
  async resetForAssignee(conversation: ConversationRecord): Promise<ConversationRecord> {
    const agentId = conversation.agentId;
    if (!agentId) return conversation;
    const marker = conversation.reads?.agents?.[agentId] ?? 0;
    const count = await this.messages.countFrom(conversation._id, 'customer', marker, conversation.lastSeq);
    const updated =
      (await this.conversations.transition(conversation._id, { agentId }, { $set: { 'unread.agent': count } })) ??
      conversation;
    await this.announceToAgent(agentId, updated);
    return updated;
  }
}
