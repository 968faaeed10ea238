import { Injectable } from '@nestjs/common';
import {
  isIanaTimeZone,
  PROFILE_LIMITS,
  type CustomerProfileResponse,
  type VisitorUpdatedEvent,
} from '@switchboard/protocol';
import type { VisitorContextDto } from '@switchboard/protocol/dto';
import type { Principal, SocketUser } from '../auth/principal';
import { badRequest, forbidden, notFound } from '../common/domain-error';
import { mayReadCustomerProfile } from '../conversations/conversation-access';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { DomainEventsService } from '../events/domain-events.service';
import type { UserRecord, VisitorRecord } from '../users/schemas/user.schema';
import { UsersRepository } from '../users/users.repository';
import { toCustomerProfile, toVisitor } from './customer-profile.mapper';

/** '' and white space mean "not given". */
const orNull = (value: string | undefined) => (value?.trim() ? value.trim() : null);

/**
 * The page address as stored: without any user name or password it may carry (`https://user:pw@host/`). Null when
 * the WHATWG parser refuses what the DTO's pattern let through (a port over 65535, say).
 */
function withoutCredentials(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (!url.username && !url.password) return value;
  url.username = '';
  url.password = '';
  return url.toString();
}

/**
 * The customer's profile and history (PROTOCOL section 8): who may read it, and the visitor's page and browser as
 * the widget reports them (`visitor.context`), told to the staff of the live conversation.
 */
@Injectable()
export class CustomerProfilesService {
  constructor(
    private readonly users: UsersRepository,
    private readonly conversations: ConversationsRepository,
    private readonly events: DomainEventsService,
  ) {}

  /** Supervisors, and agents who may see one of the customer's conversations; every conversation newest first. */
  async profile(reader: Principal, customerId: string): Promise<CustomerProfileResponse> {
    if (reader.role === 'customer') throw forbidden('profiles are for staff');
    const customer = await this.requireCustomer(customerId);
    const theirs = await this.conversations.listByCustomer(customerId, PROFILE_LIMITS.conversationsMax);
    if (!mayReadCustomerProfile(reader, theirs)) throw forbidden('you may not see this customer');
    return { customer: toCustomerProfile(customer), conversations: theirs.map(toConversation) };
  }

  /** Stores what the widget reports and tells the staff of the customer's live conversation. */
  async reportVisitor(customer: SocketUser, dto: VisitorContextDto): Promise<VisitorUpdatedEvent> {
    const timezone = orNull(dto.timezone);
    const pageUrl = withoutCredentials(dto.pageUrl);
    if (!pageUrl)
      throw badRequest('pageUrl must be an http(s) URL', [
        { field: 'pageUrl', errors: ['pageUrl must be an http(s) URL'] },
      ]);
    const visitor: VisitorRecord = {
      pageUrl,
      pageTitle: orNull(dto.pageTitle),
      referrer: dto.referrer ? withoutCredentials(dto.referrer) : null,
      userAgent: orNull(dto.userAgent),
      language: orNull(dto.language),
      timezone: timezone && isIanaTimeZone(timezone) ? timezone : null,
      updatedAt: new Date(),
    };
    const stored = await this.users.setVisitor(customer.id, visitor);
    if (!stored) throw notFound('customer');
    const update: VisitorUpdatedEvent = { customerId: customer.id, visitor: toVisitor(visitor) };
    this.events.publish({ type: 'visitor.updated', update, live: await this.liveOf(stored) });
    return update;
  }

  private async liveOf(customer: UserRecord) {
    const live = customer.liveConversationId
      ? await this.conversations.findById(customer.liveConversationId)
      : null;
    if (!live || live.artificialType === 'closed') return null;
    return {
      conversationId: live._id,
      agentId: live.agentId,
      transferToAgentId: live.transfer?.toAgentId ?? null,
    };
  }

  private async requireCustomer(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user || user.role !== 'customer') throw notFound('customer');
    return user;
  }
}
