import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { SearchResult } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { StateBadge } from '../shared/Badges';
import { useConsole } from '../shared/console-context';
import { useFormatters } from '../shared/i18n';
import { SearchIcon } from '../shared/icons';
import { useStore } from '../shared/store';
import { typingInField } from '../shared/useShortcuts';
import { Highlighted } from './Highlighted';
import './search.css';

/** Typing pauses this long before the box searches. */
const DEBOUNCE_MS = 200;

/**
 * The top bar's search box (a combobox): `/` (outside text fields) and Ctrl+K / Cmd+K focus it; results drop down
 * as a listbox walked with the arrows, Enter opens one, Escape closes the list, then leaves the box.
 */
export function SearchBox() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { workspace } = useConsole();
  const desk = workspace.search;
  const q = useStore(desk.store, (s) => s.q);
  const status = useStore(desk.store, (s) => s.status);
  const results = useStore(desk.store, (s) => s.results);
  const error = useStore(desk.store, (s) => s.error);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const id = useId();
  const listId = `${id}-results`;
  const optionId = (i: number) => `${id}-result-${i}`;

  useEffect(() => {
    function onKeyDown(event: globalThis.KeyboardEvent) {
      const slash = event.key === '/' && !event.ctrlKey && !event.metaKey && !event.altKey && !typingInField(event.target);
      const commandK = event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey) && !event.altKey;
      if (!slash && !commandK) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => void desk.search(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [desk, text]);

  useEffect(() => {
    list.current?.querySelector(`[id="${optionId(active)}"]`)?.scrollIntoView?.({ block: 'nearest' });
  });

  const choose = (result: SearchResult) => {
    setOpen(false);
    input.current?.blur();
    void desk.open(result);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (results.length > 0) setActive((a) => (a + (event.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const result = results[active];
      if (open && result) choose(result);
    } else if (event.key === 'Escape') {
      // The first Escape closes the list; the next one leaves the box (useShortcuts blurs it). Neither clears the
      // query, as a search field's Escape would.
      event.preventDefault();
      if (open && text.trim()) {
        event.stopPropagation();
        event.nativeEvent.stopImmediatePropagation();
        setOpen(false);
      }
    }
  };

  const showPanel = open && text.trim().length > 0;
  const expanded = showPanel && results.length > 0;
  return (
    <div className="search-box">
      <SearchIcon />
      <input
        ref={input}
        type="search"
        className="search-input"
        role="combobox"
        aria-label={t('search.label')}
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded ? optionId(active) : undefined}
        placeholder={t('search.placeholder')}
        value={text}
        maxLength={200}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {showPanel && (
        <div className="search-panel">
          {status === 'error' ? (
            <p className="search-state form-error" role="alert">
              {t('search.failed', { reason: error })}
            </p>
          ) : results.length === 0 ? (
            <p className="search-state muted" role="status">
              {status === 'done' && q === text.trim() ? t('search.empty', { q }) : t('search.searching')}
            </p>
          ) : (
            <ul ref={list} id={listId} role="listbox" aria-label={t('search.results')}>
              {results.map((result, index) => {
                const c = result.conversation;
                return (
                  // eslint-disable-next-line jsx-a11y/click-events-have-key-events -- the keyboard stays in the box, which moves aria-activedescendant over the options
                  <li
                    key={c.id}
                    id={optionId(index)}
                    role="option"
                    aria-selected={index === active}
                    className={index === active ? 'search-result active' : 'search-result'}
                    onMouseDown={(event) => event.preventDefault()}
                    onMouseMove={() => index !== active && setActive(index)}
                    onClick={() => choose(result)}
                  >
                    <span className="search-result-head">
                      <span className="search-result-number">{t('conversation.number', { number: c.number })}</span>
                      <span className="search-result-name">
                        <Highlighted text={c.customer.name} q={q} />
                      </span>
                      <StateBadge state={c.artificialType} />
                      <time className="search-result-date" dateTime={c.createdAt}>
                        {format.clock(c.createdAt)}
                      </time>
                    </span>
                    {result.matches.length === 0 ? (
                      <span className="search-snippet muted">{t('search.customerMatch')}</span>
                    ) : (
                      result.matches.map((m) => (
                        <span key={m.seq} className="search-snippet">
                          <Highlighted text={m.snippet} q={q} />
                        </span>
                      ))
                    )}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
