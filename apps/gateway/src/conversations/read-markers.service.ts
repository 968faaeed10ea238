import { Injectable } from '@nestjs/common';
import type { ReadResult } from '@switchboard/protocol';
import type { ReadMessagesDto } from '@switchboard/protocol/dto';
import type { SocketUser } from '../auth/principal';
import { DomainError, forbidden, notFound } from '../common/domain-error';
import { DomainEventsService } from '../events/domain-events.service';
import { MessagesRepository } from '../message-store/messages.repository';
import { mayReadMessages } from './conversation-access';
import { ConversationsRepository } from './conversations.repository';
import { UnreadService } from './unread.service';

const MAX_ATTEMPTS = 10;

/** PROTOCOL section 6: read markers move forward only, and set the reader's unread count to what others wrote after. */
@Injectable()
export class ReadMarkersService {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly unread: UnreadService,
    private readonly events: DomainEventsService,
  ) {}

  async read(reader: SocketUser, dto: ReadMessagesDto): Promise<ReadResult> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const c = await this.conversations.findById(dto.conversationId);
      if (!c) throw notFound('conversation');
      if (!mayReadMessages(reader, c)) throw forbidden('not your conversation');
      if (reader.role === 'supervisor') return { conversationId: c._id, seq: 0, unread: 0 }; // watching moves nothing
      const isCustomer = reader.role === 'customer';
      const marker = (isCustomer ? c.reads?.customer : c.reads?.agents?.[reader.id]) ?? 0;
      const isAssignee = !isCustomer && c.agentId === reader.id;
      const currentUnread = isCustomer ? (c.unread?.customer ?? 0) : isAssignee ? (c.unread?.agent ?? 0) : 0;
      const target = Math.min(dto.seq, c.lastSeq);
      if (target <= marker) return { conversationId: c._id, seq: marker, unread: currentUnread };

      const count = await this.messages.countFrom(
        c._id,
        isCustomer ? 'agent' : 'customer',
        target,
        c.lastSeq,
      );
      const updated = await this.conversations.markRead(c._id, {
        reader: isCustomer ? { type: 'customer' } : { type: 'agent', id: reader.id, isAssignee },
        lastSeq: c.lastSeq,
        agentId: c.agentId,
        seq: target,
        unread: count,
      });
      if (!updated) continue;
      this.events.publish({
        type: 'receipt',
        receipt: {
          conversationId: c._id,
          reader: { id: reader.id, type: reader.role },
          seq: target,
          at: new Date().toISOString(),
        },
      });
      if (isCustomer) this.unread.announceToCustomer(updated);
      else await this.unread.announceToAgent(reader.id, updated._id);
      return { conversationId: c._id, seq: target, unread: isCustomer || isAssignee ? count : 0 };
    }
    throw new DomainError('conflict', 'the conversation kept changing; try again');
  }
}
