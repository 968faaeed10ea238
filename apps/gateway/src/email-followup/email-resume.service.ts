import { Injectable, Logger } from '@nestjs/common';
import type { EmailResumeResponse } from '@switchboard/protocol';
import type { EmailResumeDto } from '@switchboard/protocol/dto';
import { AuthService } from '../auth/auth.service';
import { Clock } from '../common/clock';
import { refused } from '../common/domain-error';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { UsersRepository } from '../users/users.repository';
import { ResumeLinks } from './resume-links.service';

/**
 * `POST /api/widget/resume`: the link of a follow-up email opens the widget as that email's customer, on that
 * conversation and no other. A tampered or foreign token and an expired one are refused (403 with section 14's link_invalid or link_expired, as signed attachment URLs are).
 */
@Injectable()
export class EmailResumeService {
  private readonly logger = new Logger('EmailFollowup');

  constructor(
    private readonly links: ResumeLinks,
    private readonly users: UsersRepository,
    private readonly conversations: ConversationsRepository,
    private readonly auth: AuthService,
    private readonly clock: Clock,
  ) {}

  async resume(dto: EmailResumeDto): Promise<EmailResumeResponse> {
    const check = await this.links.verify(dto.token, this.clock.now());
    if (!check.ok) {
      this.logger.log({ message: 'resume link refused', problem: check.problem });
      throw check.problem === 'expired'
        ? refused('forbidden', 'link_expired', 'this link has expired')
        : refused('forbidden', 'link_invalid', 'this link is not valid');
    }
    const { customerId, conversationId } = check.claims;
    const [customer, conversation] = await Promise.all([
      this.users.findById(customerId),
      this.conversations.findById(conversationId),
    ]);
    // An erased customer, or a conversation that is not theirs, is as good as no link.
    if (
      !customer ||
      customer.role !== 'customer' ||
      customer.deletedAt ||
      !conversation ||
      conversation.customerId !== customerId
    )
      throw refused('forbidden', 'link_invalid', 'this link is not valid');
    if (customer.block) throw refused('forbidden', 'blocked', 'this chat is not available to you');
    const session = await this.auth.resumeCustomer(customer, dto.visitorId);
    return { ...session, conversation: toConversation(conversation) };
  }
}
