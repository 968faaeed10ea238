import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { isImeComposing } from '@switchboard/i18n';
import { fillCannedReply, type CannedReply, type CannedReplyContext } from '@switchboard/protocol';
import { useConsole } from '../shared/console-context';
import { useStore } from '../shared/store';
import { matchCannedReplies, slashQuery } from './canned-reply-search';

const NO_REPLIES: CannedReply[] = [];

export interface CannedReplyPicker {
  /** The list is on screen. */
  open: boolean;
  /** The box holds a `/` query: it is a combobox (open or collapsed) until it no longer does. */
  active: boolean;
  query: string;
  matches: CannedReply[];
  highlighted: number;
  listboxId: string;
  optionId: (index: number) => string;
  /** Spread on the message box. */
  comboboxProps: Record<string, string | undefined>;
  /** Handles the key when the list uses it (arrows, Enter, Escape); false lets the composer have it. */
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => boolean;
  highlight: (index: number) => void;
  pick: (reply: CannedReply) => void;
}

/**
 * The `/` list of the message box as an ARIA combobox (list autocomplete, focus stays in the box and the
 * highlighted option is its aria-activedescendant). Only while the box holds a `/` query does it take the
 * combobox role: the rest of the time it is the plain multi-line text box screen readers edit line by line.
 * Picking a reply hands its text, variables filled for this conversation, to `onInsert`.
 */
export function useCannedReplyPicker({
  text,
  context,
  onInsert,
}: {
  text: string;
  context: CannedReplyContext | null;
  onInsert: (filled: string) => void;
}): CannedReplyPicker {
  const book = useConsole().workspace.cannedReplies;
  const replies = useStore(book.store, (s) => s.replies) ?? NO_REPLIES;
  const listboxId = useId();
  const query = slashQuery(text);
  const matches = useMemo(
    () => (query === null ? NO_REPLIES : matchCannedReplies(replies, query)),
    [replies, query],
  );
  const [dismissed, setDismissed] = useState(false);
  const [highlighted, setHighlighted] = useState(0);
  const [highlightedFor, setHighlightedFor] = useState(query);

  // A new query starts at the first match; leaving the `/` query forgets an Escape.
  if (highlightedFor !== query) {
    setHighlightedFor(query);
    setHighlighted(0);
    if (query === null) setDismissed(false);
  }

  const slashTyped = query !== null;
  useEffect(() => {
    if (slashTyped) void book.ensureFresh();
  }, [slashTyped, book]);

  const active = query !== null && replies.length > 0;
  const open = active && !dismissed && matches.length > 0;
  const current = Math.min(highlighted, Math.max(0, matches.length - 1));
  const optionId = (index: number) => `${listboxId}-option-${index}`;

  function pick(reply: CannedReply) {
    onInsert(context ? fillCannedReply(reply.text, context) : reply.text);
    setDismissed(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!active || isImeComposing(event)) return false;
    if (!open) {
      if (event.key !== 'ArrowDown' || matches.length === 0) return false;
      event.preventDefault();
      setDismissed(false);
      return true;
    }
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step !== undefined) {
      event.preventDefault();
      setHighlighted((current + step + matches.length) % matches.length);
      return true;
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      pick(matches[current]);
      return true;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      // The console's own Escape (leave the box) waits for the next press.
      event.stopPropagation();
      setDismissed(true);
      return true;
    }
    return false;
  }

  const comboboxProps: Record<string, string | undefined> = active
    ? {
        role: 'combobox',
        'aria-autocomplete': 'list',
        'aria-expanded': String(open),
        'aria-controls': listboxId,
        'aria-activedescendant': open ? optionId(current) : undefined,
      }
    : {};

  return {
    open,
    active,
    query: query ?? '',
    matches,
    highlighted: current,
    listboxId,
    optionId,
    comboboxProps,
    onKeyDown,
    highlight: setHighlighted,
    pick,
  };
}
