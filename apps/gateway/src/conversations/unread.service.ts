import { Injectable } from '@nestjs/common';
import { slotHolder } from '@switchboard/protocol';
import { DomainEventsService } from '../events/domain-events.service';
import { MessagesRepository } from '../message-store/messages.repository';
import { ConversationsRepository } from './conversations.repository';
import type { ConversationRecord } from './schemas/conversation.schema';

const MAX_RECOUNTS = 50;

/** The agent is the assignee of a conversation that counts toward their load (and so their badge total). */
const holds = (agentId: string, c: ConversationRecord) => slotHolder(c) === agentId;

/** Unread badges: the counters live on the conversation; this announces them with the user's total. */
@Injectable()
export class UnreadService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly events: DomainEventsService,
  ) {}

  /**
   * The agent's badge for one conversation and their total, both from one fresh read of what they hold (so the
   * two agree, and an announcement made late does not carry an older snapshot's count).
   */
  async announceToAgent(agentId: string, conversationId: string): Promise<void> {
    const counts = await this.conversations.agentUnreadCounts(agentId);
    let total = 0;
    for (const count of counts.values()) total += count;
    this.events.publish({
      type: 'unread.changed',
      userId: agentId,
      conversationId,
      count: counts.get(conversationId) ?? 0,
      total,
    });
  }

  /**
   * After a transition: an assignee who no longer holds the conversation (it moved on, went back to the queue or
   * closed) and a customer whose conversation closed get their badge without it.
   */
  async announceDepartures(before: ConversationRecord, after: ConversationRecord): Promise<void> {
    if (before.agentId && holds(before.agentId, before) && !holds(before.agentId, after)) {
      await this.announceToAgent(before.agentId, after._id);
    }
    if (before.artificialType !== 'closed' && after.artificialType === 'closed')
      this.announceToCustomer(after);
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

  /**
   * A new assignee's unread is what the customer wrote after that agent's own read marker. The count is set only
   * while lastSeq and the marker are still what it was made at (a message recorded meanwhile has already done its
   * $inc, which the $set would erase); when it lost, it is made again on the fresh document.
   */
  async resetForAssignee(conversation: ConversationRecord): Promise<ConversationRecord> {
    const agentId = conversation.agentId;
    if (!agentId) return conversation;
    let current: ConversationRecord | null = conversation;
    for (let attempt = 0; attempt < MAX_RECOUNTS && current?.agentId === agentId; attempt++) {
      const marker = current.reads?.agents?.[agentId] ?? 0;
      const count = await this.messages.countFrom(current._id, 'customer', marker, current.lastSeq);
      const updated = await this.conversations.setAssigneeUnread(
        current._id,
        { agentId, lastSeq: current.lastSeq, marker },
        count,
      );
      if (updated) {
        await this.announceToAgent(agentId, updated._id);
        return updated;
      }
      current = await this.conversations.findById(conversation._id);
    }
    // No longer theirs (or it never stopped changing): leave the counter to the increments and the next read.
    return current ?? conversation;
  }
}
