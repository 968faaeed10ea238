import { Injectable, Logger } from '@nestjs/common';
import type { CustomerErasure, CustomerExport } from '@switchboard/protocol';
import { AccountCheckService } from '../auth/account-check.service';
import type { Principal } from '../auth/principal';
import { AttachmentsService } from '../attachments/attachments.service';
import { Clock } from '../common/clock';
import { forbidden, notFound } from '../common/domain-error';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationsService } from '../conversations/conversations.service';
import { toCustomerProfile } from '../customer-profiles/customer-profile.mapper';
import { DomainEventsService } from '../events/domain-events.service';
import { toMessage } from '../message-store/message.mapper';
import { toNote } from '../notes/note.mapper';
import type { UserRecord } from '../users/schemas/user.schema';
import { UsersRepository } from '../users/users.repository';
import { CustomerDataRepository } from './customer-data.repository';

/** Section 11: a customer's export and erasure, for supervisors. */
@Injectable()
export class CustomerDataService {
  private readonly logger = new Logger('CustomerData');

  constructor(
    private readonly data: CustomerDataRepository,
    private readonly users: UsersRepository,
    private readonly accounts: AccountCheckService,
    private readonly conversations: ConversationsService,
    private readonly attachments: AttachmentsService,
    private readonly events: DomainEventsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Everything stored about the customer: the record, every conversation with all messages (recalled ones' originals)
   * and, when asked, its notes; their uploads.
   */
  async export(by: Principal, customerId: string, withNotes = false): Promise<CustomerExport> {
    const customer = await this.requireCustomer(by, customerId);
    const conversations = await this.data.conversationsOf(customerId);
    const uploads = await this.data.uploadsOf(customerId);
    return {
      customer: {
        ...toCustomerProfile(customer),
        userId: customer.externalUserId ?? null,
        block: customer.block
          ? {
              reason: customer.block.reason,
              at: new Date(customer.block.at).toISOString(),
              by: customer.block.by,
            }
          : null,
      },
      conversations: await Promise.all(
        conversations.map(async (c) => ({
          conversation: toConversation(c),
          messages: (await this.data.allMessages(c._id)).map((m) => toMessage(m, 'original')),
          ...(withNotes ? { notes: (await this.data.allNotes(c._id)).map(toNote) } : {}),
        })),
      ),
      uploads: uploads.map((u) => ({
        id: u._id.toHexString(),
        name: u.name,
        mime: u.mime,
        size: u.size,
        createdAt: new Date(u.createdAt).toISOString(),
      })),
      exportedAt: this.clock.now().toISOString(),
    };
  }

  /**
   * Erases the customer (CustomerDataRepository.erase says what goes): their live conversation is closed first (its
   * agent's slot freed), their sessions end, their files are deleted. Conversations stay as anonymous statistics.
   */
  async erase(by: Principal, customerId: string): Promise<CustomerErasure> {
    const customer = await this.requireCustomer(by, customerId);
    const supervisor = {
      id: by.id,
      role: by.role,
      name: (await this.accounts.current(by.id))?.name ?? 'supervisor',
    };
    if (customer.liveConversationId) {
      await this.conversations
        .closeAsSupervisor(supervisor, customer.liveConversationId)
        .catch(() => undefined);
    }
    const conversations = await this.data.conversationsOf(customerId);
    const ids = conversations.map((c) => c._id);
    const files = new Set([
      ...(await this.data.attachmentIdsIn(ids)),
      ...(await this.data.uploadsOf(customerId)).map((u) => u._id.toHexString()),
    ]);
    const { messages } = await this.data.erase(customerId, ids, this.clock.now());
    for (const id of files) await this.attachments.discard(id);
    this.events.publish({ type: 'account.changed', userId: customerId, revoked: 'deleted' });
    this.logger.log({
      message: 'customer erased',
      customerId,
      by: by.id,
      conversations: ids.length,
      files: files.size,
    });
    return { customerId, conversations: ids.length, messages, attachments: files.size };
  }

  private async requireCustomer(by: Principal, customerId: string): Promise<UserRecord> {
    if (by.role !== 'supervisor') throw forbidden('only supervisors may do this');
    const customer = await this.users.findById(customerId);
    if (!customer || customer.role !== 'customer') throw notFound('customer');
    return customer;
  }
}
