import { Injectable } from '@nestjs/common';
import { NOTE_LIMITS, type Note, type NoteList } from '@switchboard/protocol';
import type { AddNoteDto } from '@switchboard/protocol/dto';
import type { Principal, SocketUser } from '../auth/principal';
import { badRequest, forbidden, isDuplicateKeyError, notFound, refused } from '../common/domain-error';
import { mayReadNotes, mayWriteNotes } from '../conversations/conversation-access';
import { ConversationsRepository } from '../conversations/conversations.repository';
import type { ConversationRecord } from '../conversations/schemas/conversation.schema';
import { DomainEventsService } from '../events/domain-events.service';
import { UsersRepository } from '../users/users.repository';
import { toNote } from './note.mapper';
import { NotesRepository } from './notes.repository';
import type { StoredNote } from './schemas/note.schema';

/**
 * Private notes and mentions (PROTOCOL section 8): who may write and read them, which mentions are valid, and the
 * read grant a mention gives. Notes never touch the conversation's messages, seq, unread counts or preview.
 */
@Injectable()
export class NotesService {
  constructor(
    private readonly notes: NotesRepository,
    private readonly conversations: ConversationsRepository,
    private readonly users: UsersRepository,
    private readonly events: DomainEventsService,
  ) {}

  private async requireConversation(id: string): Promise<ConversationRecord> {
    const conversation = await this.conversations.findById(id);
    if (!conversation) throw notFound('conversation');
    return conversation;
  }

  async add(author: SocketUser, dto: AddNoteDto): Promise<Note> {
    const c = await this.requireConversation(dto.conversationId);
    if (!mayWriteNotes(author, c))
      throw refused('forbidden', 'not_assignee', 'only the assignee, the transfer target or a supervisor may add a note');
    const mentions = await this.requireStaff([...new Set(dto.mentions ?? [])]);
    let stored: StoredNote;
    try {
      stored = await this.notes.insert({
        conversationId: c._id,
        author: { id: author.id, name: author.name },
        clientMsgId: dto.clientMsgId,
        text: dto.text.trim(),
        mentions,
        createdAt: new Date(),
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.notes.findByClientMsgId(c._id, author.id, dto.clientMsgId);
      if (!existing) throw error;
      // A retry: the stored note is the answer. Granting again repairs a crash between the insert and the grant.
      await this.conversations.grantMentionReads(c._id, existing.mentions);
      return toNote(existing);
    }
    await this.conversations.grantMentionReads(c._id, mentions);
    const note = toNote(stored);
    this.events.publish({
      type: 'note.added',
      note,
      staff: { agentId: c.agentId, transferToAgentId: c.transfer?.toAgentId ?? null },
      // Writing your own name notifies nobody.
      notify: mentions.filter((id) => id !== author.id),
    });
    return note;
  }

  async list(reader: Principal, conversationId: string): Promise<NoteList> {
    if (reader.role === 'customer') throw refused('forbidden', 'wrong_role', 'notes are for staff');
    const c = await this.requireConversation(conversationId);
    if (!mayReadNotes(reader, c)) throw forbidden('not your conversation');
    const page = await this.notes.latest(c._id, NOTE_LIMITS.listMax);
    return { notes: page.map(toNote) };
  }

  /** Mentions are ids of staff accounts that are neither disabled nor deleted; anything else is a bad_request. */
  private async requireStaff(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return ids;
    const found = await this.users.findByIds(ids);
    const staff = new Set(
      found
        .filter((u) => u.role !== 'customer' && !u.disabled && !(u.deletedAt instanceof Date))
        .map((u) => u._id.toHexString()),
    );
    const unknown = ids.filter((id) => !staff.has(id));
    if (unknown.length > 0)
      throw badRequest('mentions must be staff ids', [{ field: 'mentions', errors: [`not staff: ${unknown.join(', ')}`] }]);
    return ids;
  }
}
