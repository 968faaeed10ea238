import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../shared/console-context';
import { LockIcon } from '../shared/icons';
import { useStore } from '../shared/store';
import { Composer } from './Composer';
import type { ComposerMode } from './note-desk';
import { NoteComposer } from './NoteComposer';

const MODES: ComposerMode[] = ['reply', 'note'];

/**
 * The composer with its two tabs, "Reply" (to the customer) and "Note" (for the team only; `n` outside a field, `r`
 * back), in the ARIA tabs pattern: arrows move between the tabs, the panel below is the chosen composer.
 */
export function ComposerArea({
  conversationId,
  disabled,
  placeholder,
  mayWriteNotes,
  quote,
  onCancelQuote,
}: {
  conversationId: string;
  disabled: boolean;
  placeholder: string;
  mayWriteNotes: boolean;
  /** Section 8: what the reply quotes (the Reply composer only). */
  quote?: { seq: number; senderName: string; preview: string } | null;
  onCancelQuote?: () => void;
}) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const mode = useStore(workspace.notes.store, (s) => s.mode);
  const baseId = useId();
  const tabs = useRef<Record<ComposerMode, HTMLButtonElement | null>>({ reply: null, note: null });

  // Another conversation opens on "Reply": a note is always a choice made in that conversation.
  useEffect(() => {
    workspace.notes.setMode('reply');
  }, [workspace, conversationId]);

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight' && event.key !== 'Home' && event.key !== 'End') return;
    event.preventDefault();
    const next = event.key === 'Home' ? 'reply' : event.key === 'End' ? 'note' : mode === 'reply' ? 'note' : 'reply';
    workspace.notes.setMode(next);
    tabs.current[next]?.focus();
  }

  return (
    <div className={`composer-area mode-${mode}`}>
      <div className="composer-tabs" role="tablist" aria-label={t('notes.modes')}>
        {MODES.map((m) => (
          <button
            key={m}
            ref={(el) => {
              tabs.current[m] = el;
            }}
            type="button"
            role="tab"
            id={`${baseId}-${m}`}
            aria-selected={mode === m}
            aria-controls={`${baseId}-panel`}
            tabIndex={mode === m ? 0 : -1}
            className={`composer-tab tab-${m}`}
            onClick={() => workspace.notes.setMode(m)}
            onKeyDown={onTabKey}
          >
            {m === 'note' && <LockIcon />}
            {t(`notes.${m}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-${mode}`}>
        {mode === 'reply' ? (
          <Composer
            key={`composer-${conversationId}`}
            conversationId={conversationId}
            disabled={disabled}
            placeholder={placeholder}
            quote={quote}
            onCancelQuote={onCancelQuote}
          />
        ) : (
          <NoteComposer key={`note-${conversationId}`} conversationId={conversationId} disabled={!mayWriteNotes} />
        )}
      </div>
    </div>
  );
}
