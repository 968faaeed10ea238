import { Injectable } from '@nestjs/common';
import { PROFILE_LIMITS } from '@switchboard/protocol';
import type { Principal } from '../auth/principal';
import { mayReadCustomerHistory, mayReadMessages } from './conversation-access';
import { ConversationsRepository } from './conversations.repository';
import type { ConversationRecord } from './schemas/conversation.schema';

/**
 * Who may read a conversation's messages (history, sync, its attachments): the conversation's own rule, or, for an
 * agent, the customer's-history rule of section 8, which needs the customer's other conversations and so a read.
 */
@Injectable()
export class MessageReadAccess {
  constructor(private readonly conversations: ConversationsRepository) {}

  async mayRead(who: Principal, c: ConversationRecord): Promise<boolean> {
    if (mayReadMessages(who, c)) return true;
    if (who.role !== 'agent') return false;
    const theirs = await this.conversations.listByCustomer(c.customerId, PROFILE_LIMITS.conversationsMax);
    return mayReadCustomerHistory(who, theirs);
  }
}
