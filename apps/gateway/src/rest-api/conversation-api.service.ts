import { Injectable } from '@nestjs/common';
import {
  REST_API_LIMITS,
  type Conversation,
  type ConversationPage,
  type Message,
  type Note,
  type TranscriptJson,
} from '@switchboard/protocol';
import type { ConversationPageQueryDto, PostMessageDto } from '@switchboard/protocol/dto';
import { AccountCheckService } from '../auth/account-check.service';
import type { Principal, SocketUser } from '../auth/principal';
import { Clock } from '../common/clock';
import { badRequest, forbidden, notFound } from '../common/domain-error';
import { maySeeConversation, mayReadNotes } from '../conversations/conversation-access';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { ConversationsService } from '../conversations/conversations.service';
import { MessageReadAccess } from '../conversations/message-read-access.service';
import type { ConversationRecord } from '../conversations/schemas/conversation.schema';
import { toMessage } from '../message-store/message.mapper';
import { MessagesService } from '../messages/messages.service';
import { toNote } from '../notes/note.mapper';
import { ConversationPagesRepository, type PagePosition } from './conversation-pages.repository';
import { CustomerDataRepository } from './customer-data.repository';

/** The opaque `next` cursor: the last conversation's position, base64url of JSON (no meaning promised to clients). */
export function encodeCursor(c: Pick<ConversationRecord, 'createdAt' | '_id'>): string {
  return Buffer.from(JSON.stringify([new Date(c.createdAt).getTime(), c._id])).toString('base64url');
}

export function decodeCursor(cursor: string): PagePosition {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (Number.isSafeInteger(at) && typeof id === 'string' && id.length > 0 && id.length <= 64)
      return { createdAt: new Date(at as number), id };
  } catch {
    // reported below
  }
  throw badRequest('before must be the next cursor of a previous page', [
    { field: 'before', errors: ['before is not a cursor'] },
  ]);
}

/**
 * Section 11's REST for integrations (an API token) and signed-in users alike: pages of conversations, sending,
 * closing and transcripts, each under the rules the socket events and the read routes already apply.
 */
@Injectable()
export class ConversationApiService {
  constructor(
    private readonly pages: ConversationPagesRepository,
    private readonly data: CustomerDataRepository,
    private readonly conversations: ConversationsRepository,
    private readonly conversationsService: ConversationsService,
    private readonly messages: MessagesService,
    private readonly readAccess: MessageReadAccess,
    private readonly accounts: AccountCheckService,
    private readonly clock: Clock,
  ) {}

  async list(reader: Principal, query: ConversationPageQueryDto): Promise<ConversationPage> {
    const limit = query.limit ?? REST_API_LIMITS.pageDefault;
    const before = query.before ? decodeCursor(query.before) : null;
    // One more than asked says whether a next page exists without a second query.
    const found = await this.pages.page(reader, query, before, limit + 1);
    const page = found.slice(0, limit).filter((c) => maySeeConversation(reader, c));
    const last = found.length > limit ? found[limit - 1] : null;
    return { conversations: page.map(toConversation), next: last ? encodeCursor(last) : null };
  }

  /** As message.send: the same rules, the same idempotency by clientMsgId, the same events to every socket. */
  async send(sender: Principal, conversationId: string, dto: PostMessageDto): Promise<Message> {
    return this.messages.send(await this.asUser(sender), {
      conversationId,
      clientMsgId: dto.clientMsgId,
      text: dto.text,
    });
  }

  /** The assignee closes at once (force_close); a supervisor who is not the assignee too, in any live state. */
  async close(closer: Principal, conversationId: string): Promise<Conversation> {
    const user = await this.asUser(closer);
    const c = await this.require(conversationId);
    if (closer.role === 'supervisor' && c.agentId !== closer.id)
      return this.conversationsService.closeAsSupervisor(user, conversationId);
    return this.conversationsService.closeByAgent(user, { conversationId, force: true });
  }

  /**
   * The whole conversation for whoever may read its messages. Notes (section 8: staff only) are added, in their own
   * list, when asked for by staff who may read them; a customer's transcript never has them.
   */
  async transcript(reader: Principal, conversationId: string, withNotes = false): Promise<TranscriptJson> {
    const c = await this.require(conversationId);
    if (!(await this.readAccess.mayRead(reader, c))) throw forbidden('you may not read this conversation');
    const messages = (await this.data.allMessages(c._id)).map((m) => toMessage(m));
    const notes =
      withNotes && mayReadNotes(reader, c) ? (await this.data.allNotes(c._id)).map(toNote) : undefined;
    return {
      conversation: toConversation(c),
      messages,
      ...(notes ? { notes } : {}),
      generatedAt: this.clock.now().toISOString(),
    };
  }

  private async require(id: string): Promise<ConversationRecord> {
    const c = await this.conversations.findById(id);
    if (!c) throw notFound('conversation');
    return c;
  }

  private async asUser(who: Principal): Promise<SocketUser> {
    const account = await this.accounts.current(who.id);
    if (!account) throw notFound('user');
    return { id: who.id, role: who.role, name: account.name };
  }
}

/** The transcript as plain text, one line per message and note, in time order (UTC). */
export function transcriptText(t: TranscriptJson): string {
  const c = t.conversation;
  const lines = [
    `Conversation #${c.number} with ${c.customer.name} (${c.artificialType})`,
    `Started ${c.createdAt}${c.closedAt ? `, closed ${c.closedAt}` : ''}`,
    '',
  ];
  type Line = { at: string; text: string };
  const entries: Line[] = [
    ...t.messages.map((m) => ({ at: m.createdAt, text: `${stamp(m.createdAt)} ${messageLine(m)}` })),
    ...(t.notes ?? []).map((n: Note) => ({
      at: n.createdAt,
      text: `${stamp(n.createdAt)} [private note] ${n.author.name}: ${n.text}`,
    })),
  ];
  entries.sort((a, b) => a.at.localeCompare(b.at));
  lines.push(...entries.map((e) => e.text));
  if (c.rating)
    lines.push('', `Rating: ${c.rating.score}/5${c.rating.comment ? ` "${c.rating.comment}"` : ''}`);
  return `${lines.join('\n')}\n`;
}

const stamp = (iso: string) => `[${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}]`;

function messageLine(m: Message): string {
  if (m.sender.type === 'system') return `* ${m.text ?? m.system?.code ?? ''}`;
  if (m.recalledAt) return `${m.sender.name}: (message recalled)`;
  const file = m.attachment
    ? ` [file: ${m.attachment.name}, ${m.attachment.mime}, ${m.attachment.size} bytes]`
    : '';
  return `${m.sender.name}: ${m.text ?? ''}${file}`.trimEnd();
}
