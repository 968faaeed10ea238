/**
 * Private notes and mentions (PROTOCOL section 8). A Note is not a Message: it lives in its own collection, has no
 * `seq`, and never travels on the customer namespace, in history, sync, unread counts or previews.
 */

export interface NoteAuthor {
  id: string;
  name: string;
}

export interface Note {
  id: string;
  conversationId: string;
  author: NoteAuthor;
  text: string;
  /** Staff ids mentioned with `@`, each once, in the order they were written. */
  mentions: string[];
  createdAt: string;
}

/** `note.add` (agent ns): the assignee, the transfer target or a supervisor; idempotent by `clientMsgId`. */
export interface AddNotePayload {
  conversationId: string;
  clientMsgId: string;
  text: string;
  mentions?: string[];
}

/** `notes.list` answer and `GET /api/conversations/:id/notes`: oldest first. */
export interface NoteList {
  notes: Note[];
}

/** `mention`: to every socket of each mentioned agent, who may read that conversation from then on. */
export interface MentionEvent {
  conversationId: string;
  note: Note;
}

export const NOTE_LIMITS = {
  /** Distinct staff one note may mention. */
  mentionsMax: 20,
  /** `notes.list` answers a conversation's latest notes, at most this many (oldest first). */
  listMax: 500,
} as const;
