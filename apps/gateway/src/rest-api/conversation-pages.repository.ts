import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { QUEUED_STATES, type ArtificialType } from '@switchboard/protocol';
import type { Model, QueryFilter } from 'mongoose';
import type { Principal } from '../auth/principal';
import { ConversationRecord, ConversationSchema } from '../conversations/schemas/conversation.schema';

export interface PageFilters {
  state?: ArtificialType;
  label?: string;
  customerId?: string;
  teamId?: string;
}

/** Where the previous page ended: the last conversation's createdAt and id (newest first, the id breaks ties). */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

/**
 * The conversations a reader may see (conversation-access.ts's maySeeConversation, as a query: the caller checks
 * each one with the function too), newest first, by (createdAt, _id).
 */
@Injectable()
export class ConversationPagesRepository {
  constructor(
    @InjectModel(ConversationRecord.name) private readonly conversations: Model<ConversationRecord>,
  ) {}

  page(
    reader: Principal,
    filters: PageFilters,
    before: PagePosition | null,
    limit: number,
  ): Promise<ConversationRecord[]> {
    const and: QueryFilter<ConversationRecord>[] = [readableBy(reader)];
    if (filters.state) and.push({ artificialType: filters.state });
    if (filters.label) and.push({ labels: filters.label });
    if (filters.customerId) and.push({ customerId: filters.customerId });
    // Teams come with another change: until conversations carry a teamId, the (validated) filter is ignored.
    if (filters.teamId && ConversationSchema.path('teamId'))
      and.push({ teamId: filters.teamId } as QueryFilter<ConversationRecord>);
    if (before)
      and.push({
        $or: [
          { createdAt: { $lt: before.createdAt } },
          { createdAt: before.createdAt, _id: { $lt: before.id } },
        ],
      });
    return this.conversations
      .find({ $and: and })
      .sort({ createdAt: -1, _id: -1 })
      .limit(limit)
      .lean<ConversationRecord[]>()
      .exec();
  }
}

function readableBy(reader: Principal): QueryFilter<ConversationRecord> {
  if (reader.role === 'supervisor') return {};
  if (reader.role === 'customer') return { customerId: reader.id };
  return {
    $or: [
      { artificialType: { $in: [...QUEUED_STATES] } },
      { agentId: reader.id },
      { participants: reader.id },
      { 'transfer.toAgentId': reader.id },
      { mentionedAgentIds: reader.id },
    ],
  };
}
