import type { Formatters } from '@switchboard/i18n';
import type { Note } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { LockIcon } from '../shared/icons';

/** A private note in the thread: amber, with a lock, its author and "Private note", never like a message. */
export function NoteBubble({ note, format }: { note: Note; format: Formatters }) {
  const { t } = useTranslation();
  return (
    <article className="note" aria-label={t('notes.byAuthor', { name: note.author.name })} data-note-id={note.id}>
      <div className="message-meta">
        <LockIcon />
        <span className="note-label">{t('notes.label')}</span>
        <span className="sender">{note.author.name}</span>
        <time dateTime={note.createdAt}>{format.time(note.createdAt)}</time>
      </div>
      <div className="note-body">
        <div className="text">{note.text}</div>
      </div>
    </article>
  );
}
