import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../shared/console-context';
import { Dialog } from '../shared/Dialog';
import { useFormatters } from '../shared/i18n';
import { AtSignIcon } from '../shared/icons';
import { useStore } from '../shared/store';

/**
 * The top bar's "Mentions" button: its badge counts the notes that mention me and that I have not opened; its list
 * opens each one's conversation (read-only when it is not mine).
 */
export function MentionsMenu() {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const format = useFormatters();
  const mentions = useStore(workspace.notes.store, (s) => s.mentions);
  const [open, setOpen] = useState(false);
  const count = mentions.length;

  return (
    <>
      <button
        type="button"
        className="button small mentions-button"
        aria-label={count > 0 ? t('notes.mentionsNew', { count }) : t('notes.mentions')}
        onClick={() => setOpen(true)}
      >
        <AtSignIcon />
        <span className="mentions-label">{t('notes.mentions')}</span>
        {count > 0 && (
          <span className="unread-badge" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <Dialog title={t('notes.mentions')} onClose={() => setOpen(false)}>
          <div className="dialog-body">
            {count === 0 ? (
              <p className="muted">{t('notes.mentionsEmpty')}</p>
            ) : (
              <ul className="mention-alerts">
                {mentions.map((m) => (
                  <li key={m.noteId}>
                    <button
                      type="button"
                      className="mention-alert"
                      onClick={() => {
                        setOpen(false);
                        void workspace.notes.openMention(m.conversationId);
                      }}
                    >
                      <span className="mention-alert-title">
                        {t('notes.mentionedYou', { name: m.authorName })}
                        <time dateTime={m.at}>{format.time(m.at)}</time>
                      </span>
                      <span className="mention-alert-text">{m.text}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </Dialog>
      )}
    </>
  );
}
