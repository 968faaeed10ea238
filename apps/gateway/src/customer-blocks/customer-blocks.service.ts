import { Injectable, Logger } from '@nestjs/common';
import type { CustomerBlock, UnblockResult } from '@switchboard/protocol';
import type { BlockCustomerDto } from '@switchboard/protocol/dto';
import type { SocketUser } from '../auth/principal';
import { notFound, refused } from '../common/domain-error';
import { maySeeConversation } from '../conversations/conversation-access';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { ConversationsService } from '../conversations/conversations.service';
import type { UserRecord } from '../users/schemas/user.schema';
import { UsersRepository } from '../users/users.repository';

/** How many of a customer's conversations are looked at to decide whether an agent may block them. */
const CONVERSATIONS_CHECKED = 50;
/** How many blocks the supervisors' list shows. */
const LIST_LIMIT = 500;

function toBlock(user: UserRecord): CustomerBlock {
  const block = user.block as NonNullable<UserRecord['block']>;
  return {
    customer: { id: user._id.toHexString(), name: user.name, type: user.type ?? null },
    reason: block.reason,
    blockedAt: new Date(block.at).toISOString(),
    blockedBy: { ...block.by },
  };
}

/**
 * Blocking a visitor (PROTOCOL section 8): the block is on the customer's record, so every token and socket of that
 * customer is refused conversation.start and message.send; their live conversation closes with `closed_blocked`.
 */
@Injectable()
export class CustomerBlocksService {
  private readonly logger = new Logger('CustomerBlocks');

  constructor(
    private readonly users: UsersRepository,
    private readonly conversations: ConversationsRepository,
    private readonly conversationsService: ConversationsService,
  ) {}

  /** An agent who may see one of the customer's conversations, or a supervisor. Blocking twice keeps the first block. */
  async block(actor: SocketUser, dto: BlockCustomerDto): Promise<CustomerBlock> {
    const customer = await this.requireCustomer(dto.customerId);
    if (actor.role !== 'supervisor') {
      const theirs = await this.conversations.listByCustomer(dto.customerId, CONVERSATIONS_CHECKED);
      if (!theirs.some((c) => maySeeConversation(actor, c))) {
        throw refused('forbidden', 'not_assignee', 'you may block only a visitor whose conversation you can see');
      }
    }
    const blocked =
      (await this.users.setBlock(dto.customerId, {
        reason: dto.reason.trim(),
        at: new Date(),
        by: { id: actor.id, name: actor.name },
        visitorIdHashes: customer.visitorIdHash ? [customer.visitorIdHash] : [],
      })) ?? (await this.requireCustomer(dto.customerId));
    this.logger.log({ message: 'customer blocked', customerId: dto.customerId, by: actor.id });
    await this.closeLiveConversation(blocked);
    return toBlock(blocked);
  }

  /** Supervisors only. Lifting a block that is not there answers the same (the customer is not blocked). */
  async unblock(actor: SocketUser, customerId: string): Promise<UnblockResult> {
    if (actor.role !== 'supervisor') throw refused('forbidden', 'wrong_role', 'only supervisors may lift a block');
    await this.requireCustomer(customerId);
    if (await this.users.clearBlock(customerId)) {
      this.logger.log({ message: 'customer unblocked', customerId, by: actor.id });
    }
    return { customerId, blocked: false };
  }

  async list(): Promise<CustomerBlock[]> {
    return (await this.users.listBlocked(LIST_LIMIT)).map(toBlock);
  }

  private async requireCustomer(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user || user.role !== 'customer') throw notFound('customer');
    return user;
  }

  /**
   * The live conversation the customer held when the block landed. A start that claimed it just before may still be
   * inserting it (conversations.service start): wait a moment for it, as start itself does.
   */
  private async closeLiveConversation(customer: UserRecord): Promise<void> {
    const liveId = customer.liveConversationId;
    if (!liveId) return;
    for (let attempt = 0; attempt < 10; attempt++) {
      if (await this.conversations.findById(liveId)) {
        await this.conversationsService.closeBlocked(liveId);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
