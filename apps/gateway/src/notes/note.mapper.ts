import type { Note } from '@switchboard/protocol';
import type { StoredNote } from './schemas/note.schema';

/** The wire shape of PROTOCOL section 8 (the idempotency key stays on the server). */
export function toNote(record: StoredNote): Note {
  return {
    id: record._id.toHexString(),
    conversationId: record.conversationId,
    author: { id: record.author.id, name: record.author.name },
    text: record.text,
    mentions: [...record.mentions],
    createdAt: new Date(record.createdAt).toISOString(),
  };
}
