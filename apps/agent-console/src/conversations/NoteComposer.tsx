import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { isImeComposing } from '@switchboard/i18n';
import { LIMITS, type AgentSummary } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../shared/console-context';
import { LockIcon } from '../shared/icons';
import {
  insertMention,
  matchMentionables,
  mentionedIds,
  mentionQueryAt,
  type Mentionable,
  type MentionQuery,
} from './mentions';
import { COMPOSER_INPUT_IDS } from './note-desk';

/** The listbox of colleagues under the note box while an `@name` is typed. */
function MentionList({
  id,
  people,
  active,
  onPick,
}: {
  id: string;
  people: Mentionable[];
  active: number;
  onPick: (person: Mentionable) => void;
}) {
  const { t } = useTranslation();
  return (
    <ul id={id} className="mention-list" role="listbox" aria-label={t('notes.mention')}>
      {people.length === 0 ? (
        <li className="mention-empty" role="option" aria-selected={false} aria-disabled="true">
          {t('notes.noMatch')}
        </li>
      ) : (
        people.map((person, index) => (
          <li
            key={person.id}
            id={`${id}-${person.id}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            // mousedown, not click: the note box keeps its focus and caret.
            onMouseDown={(event) => {
              event.preventDefault();
              onPick(person);
            }}
          >
            @{person.name}
          </li>
        ))
      )}
    </ul>
  );
}

/**
 * The composer's "Note" half: amber, with a lock and "Only your team sees this", so it is never taken for a reply.
 * Enter adds the note (never while an input method is composing), Shift+Enter a new line; `@` opens the "Mention"
 * list (arrows move, Enter or Tab picks, Escape closes), which records the colleague's id with the `@Name` inserted.
 */
export function NoteComposer({ conversationId, disabled }: { conversationId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const listId = useId();
  const hintId = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  /** Where the caret goes once React has written the text (after an inserted mention). */
  const caretAfterWrite = useRef<number | null>(null);
  const [text, setText] = useState('');
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const [colleagues, setColleagues] = useState<AgentSummary[] | null>(null);
  const [picked, setPicked] = useState<Mentionable[]>([]);
  const [adding, setAdding] = useState(false);

  // The colleagues are asked for once, the first time an `@` is typed.
  const wantColleagues = query !== null && colleagues === null;
  useEffect(() => {
    if (!wantColleagues) return;
    let live = true;
    workspace
      .listAgents()
      .then((agents) => live && setColleagues(agents.filter((a) => a.id !== workspace.me.id)))
      .catch(() => live && setColleagues([]));
    return () => {
      live = false;
    };
  }, [wantColleagues, workspace]);

  const matches = query && colleagues ? matchMentionables(colleagues, query.query) : [];
  const listOpen = query !== null && colleagues !== null;

  function follow(value: string, caret: number) {
    setText(value);
    const next = mentionQueryAt(value, caret);
    if (next?.start !== query?.start || next?.query !== query?.query) setActive(0);
    setQuery(next);
  }

  function pick(person: Mentionable) {
    const el = input.current;
    if (!query || !el) return;
    const next = insertMention(text, query, el.selectionStart ?? text.length, person.name);
    setText(next.text);
    setPicked((known) => [...known, person]);
    setQuery(null);
    caretAfterWrite.current = next.caret;
  }

  // The caret goes after an inserted name as soon as React has written the new text, before the next keystroke
  // (a frame later, a fast typist's next letters landed before it).
  useLayoutEffect(() => {
    const el = input.current;
    const caret = caretAfterWrite.current;
    if (caret === null || !el) return;
    caretAfterWrite.current = null;
    el.focus();
    el.setSelectionRange(caret, caret);
  }, [text]);

  async function add() {
    const body = text.trim();
    if (!body || disabled || adding) return;
    setAdding(true);
    const ok = await workspace.notes.add(conversationId, body, mentionedIds(body, picked));
    setAdding(false);
    if (!ok) return;
    setText('');
    setPicked([]);
    setQuery(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (isImeComposing(event)) return;
    if (listOpen) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        if (matches.length) setActive((active + step + matches.length) % matches.length);
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && matches[active]) {
        event.preventDefault();
        pick(matches[active]);
        return;
      }
      if (event.key === 'Escape') {
        // Closes the list only; a second Escape leaves the box (the console's shortcut).
        event.preventDefault();
        event.stopPropagation();
        setQuery(null);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void add();
    }
  }

  return (
    <div className="composer note-composer">
      {listOpen && <MentionList id={listId} people={matches} active={active} onPick={pick} />}
      <p className="note-hint" id={hintId}>
        <LockIcon />
        {t('notes.onlyTeam')}
      </p>
      <textarea
        ref={input}
        id={COMPOSER_INPUT_IDS.note}
        aria-label={t('notes.input')}
        aria-describedby={hintId}
        aria-autocomplete="list"
        aria-controls={listOpen ? listId : undefined}
        aria-activedescendant={listOpen && matches[active] ? `${listId}-${matches[active].id}` : undefined}
        placeholder={disabled ? t('notes.notAllowed') : t('notes.placeholder')}
        value={text}
        disabled={disabled}
        maxLength={LIMITS.textMaxLength}
        rows={3}
        onChange={(e) => follow(e.target.value, e.target.selectionStart ?? e.target.value.length)}
        onSelect={(e) => {
          const el = e.currentTarget;
          setQuery(mentionQueryAt(el.value, el.selectionStart ?? el.value.length));
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setQuery(null)}
      />
      <div className="composer-bar">
        <span className="hint">{t('notes.hint')}</span>
        <button
          type="button"
          className="button note-button"
          disabled={disabled || adding || !text.trim()}
          onClick={() => void add()}
        >
          {t('notes.add')}
        </button>
      </div>
    </div>
  );
}
