import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  measureElement,
  observeElementRect,
  useVirtualizer,
  type Virtualizer,
} from '@tanstack/react-virtual';
import { linkify, mayRecall, whenRecallEnds, type PendingMessage } from '@switchboard/client';
import { translateSystemMessage, type Formatters } from '@switchboard/i18n';
import { PREVIEW_LABELS, type Message, type Note } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { errorText } from '../shared/console-client';
import { useFormatters } from '../shared/i18n';
import { AttachmentView } from './AttachmentView';
import { NoteBubble } from './NoteBubble';

type Row =
  // `newDay`: the first message of a day in the reader's timezone, drawn under that day's separator. The separator
  // is part of the message's row, so rows stay keyed by message and a prepended page anchors on a message.
  | { type: 'message'; key: string; message: Message; seen: boolean; newDay: boolean }
  | { type: 'note'; key: string; note: Note; newDay: boolean }
  | { type: 'pending'; key: string; pending: PendingMessage };

interface MessageThreadProps {
  messages: Message[];
  /** Private notes, shown among the messages by time (oldest first). */
  notes?: Note[];
  pending?: PendingMessage[];
  /** The customer's read marker: "Seen" shows under the newest message at or below it. */
  customerReadSeq?: number;
  /** Bring this message into view (loading older pages until it is there), then call onFocused. */
  focusSeq?: number;
  onFocused?: () => void;
  hasMore: boolean;
  onLoadOlder?: () => void;
  onRetry?: (clientMsgId: string) => void;
  onDiscard?: (clientMsgId: string) => void;
  /** Section 8: whose messages are "mine" (Recall, "You recalled a message"). */
  meId?: string;
  /** Recall one of mine while its window lasts. */
  onRecall?: (seq: number) => void;
  /** Quote a message in the next reply. */
  onReply?: (message: Message) => void;
}

/** Row actions and what they need, handed to every bubble. */
interface BubbleActions {
  meId?: string;
  now: number;
  highlighted: number | null;
  onRecall?: (seq: number) => void;
  onReply?: (message: Message) => void;
  onJump: (seq: number) => void;
}

/** Height assumed for a row until it has been measured. */
const ESTIMATED_ROW_PX = 56;
/** Height of the line at the top of the thread (its start, or older messages loading). */
const EDGE_ROW_PX = 40;
/** Rows rendered beyond each edge of the viewport. */
const OVERSCAN_ROWS = 10;
/** Scrolled this close to the top, the next older page is asked for. */
const NEAR_TOP_PX = 160;
/** The viewport assumed while the list has no laid-out height yet (not attached, or jsdom). */
const FALLBACK_VIEWPORT_PX = 800;
/** How long the original of a clicked quote stays highlighted. */
const HIGHLIGHT_MS = 1600;

/** A row's measured height; one not laid out yet (0) keeps the estimate. */
function measureRow(
  element: Element,
  entry: ResizeObserverEntry | undefined,
  instance: Virtualizer<HTMLDivElement, Element>,
) {
  return measureElement(element, entry, instance) || ESTIMATED_ROW_PX;
}

/** The scroller's size, with a usable height before it has been laid out, so rows render from the start. */
function observeViewport(
  instance: Virtualizer<HTMLDivElement, Element>,
  report: (rect: { width: number; height: number }) => void,
) {
  return observeElementRect(instance, (rect) =>
    report(rect.height > 0 ? rect : { width: rect.width, height: FALLBACK_VIEWPORT_PX }),
  );
}

/** Message text as text nodes, its links as anchors: no markup in a message is ever parsed as HTML. */
function MessageText({ text }: { text: string }) {
  const segments = useMemo(() => linkify(text), [text]);
  return (
    <div className="text">
      {segments.map((segment, index) =>
        segment.kind === 'link' ? (
          <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer nofollow">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </div>
  );
}

/** The gateway's quote preview starts with an English label for images and files: this language's instead. */
function localLabels(t: (key: string) => string, preview: string): string {
  for (const kind of ['image', 'file'] as const)
    if (preview.startsWith(PREVIEW_LABELS[kind])) return t(`preview.${kind}`) + preview.slice(PREVIEW_LABELS[kind].length);
  return preview;
}

/** The quoted message above a reply; a click (or Enter) scrolls to it. */
function Quote({ quote, onJump }: { quote: NonNullable<Message['replyTo']>; onJump: (seq: number) => void }) {
  const { t } = useTranslation();
  const preview = quote.recalled ? t('thread.recalled') : localLabels(t, quote.preview);
  return (
    <button
      type="button"
      className={`quote${quote.recalled ? ' is-recalled' : ''}`}
      title={t('thread.goToQuote')}
      onClick={() => onJump(quote.seq)}
    >
      {/* Its name is what it shows (the quoted sender, then the preview); the title says where it leads. */}
      <span className="quote-name">{quote.senderName}</span>
      <span className="visually-hidden">: </span>
      <span className="quote-text">{preview}</span>
    </button>
  );
}

function MessageBubble({
  message,
  seen,
  focused = false,
  format,
  actions,
}: {
  message: Message;
  seen: boolean;
  /** The message a search result opened the thread at. */
  focused?: boolean;
  format: Formatters;
  actions: BubbleActions;
}) {
  const { t, i18n } = useTranslation();
  // The gateway stores system messages in English; `system` lets each reader see them in their own language.
  if (message.kind === 'system')
    return <div className="system-message">{translateSystemMessage(i18n, { text: message.text ?? '', system: message.system })}</div>;
  const own = actions.meId !== undefined && message.sender.id === actions.meId;
  // Everyone but supervisors reading originals gets a recalled message empty: one line in its place.
  if (message.recalledAt && !message.recalled)
    return (
      <div className="system-message recalled-message" data-seq={message.seq} tabIndex={-1}>
        {own ? t('thread.youRecalled') : t('thread.recalled')}
      </div>
    );
  const side = message.sender.type === 'customer' ? 'theirs' : 'ours';
  const recallable = actions.onRecall && mayRecall(message, own, actions.now);
  const replyable = actions.onReply && !message.recalledAt;
  return (
    <div
      className={`message ${side}${message.recalled ? ' recalled' : ''}${actions.highlighted === message.seq ? ' highlighted' : ''}${focused ? ' search-focus' : ''}`}
      data-seq={message.seq}
      tabIndex={-1}
    >
      <div className="message-meta">
        <span className="sender">{message.sender.name}</span>
        <time dateTime={message.createdAt}>{format.time(message.createdAt)}</time>
        {message.recalled && (
          <span className="recalled-tag" title={t('thread.recalledOriginal')}>
            {t('thread.recalledTag')}
          </span>
        )}
      </div>
      <div className="message-line">
        <div className="bubble">
          {message.replyTo && <Quote quote={message.replyTo} onJump={actions.onJump} />}
          {message.attachment && <AttachmentView attachment={message.attachment} />}
          {message.text && <MessageText text={message.text} />}
        </div>
        {(replyable || recallable) && (
          <div className="message-actions" role="group" aria-label={t('thread.actions')}>
            {replyable && (
              <button type="button" className="message-action" onClick={() => actions.onReply?.(message)}>
                {t('thread.reply')}
              </button>
            )}
            {recallable && (
              <button type="button" className="message-action" onClick={() => actions.onRecall?.(message.seq)}>
                {t('thread.recall')}
              </button>
            )}
          </div>
        )}
      </div>
      {seen && <div className="seen">{t('thread.seen')}</div>}
    </div>
  );
}

/** "Today", "Yesterday" or the date, above the first message of each day (in the reader's timezone). */
function DaySeparator({ at, format }: { at: string; format: Formatters }) {
  return (
    <div className="day-separator" role="separator">
      <time dateTime={at}>{format.day(at)}</time>
    </div>
  );
}

function PendingBubble({
  pending,
  onRetry,
  onDiscard,
}: { pending: PendingMessage } & Pick<MessageThreadProps, 'onRetry' | 'onDiscard'>) {
  const { t } = useTranslation();
  return (
    <div className={`message ours pending ${pending.status}`}>
      <div className="bubble">
        <div className="text">{pending.text ?? t('thread.attachment')}</div>
      </div>
      <div className="pending-state">
        {pending.status === 'failed' ? (
          <>
            {t('thread.notSent', { reason: errorText(pending.error) })}{' '}
            <button type="button" className="link-button" onClick={() => onRetry?.(pending.clientMsgId)}>
              {t('thread.retry')}
            </button>{' '}
            <button type="button" className="link-button" onClick={() => onDiscard?.(pending.clientMsgId)}>
              {t('thread.discard')}
            </button>
          </>
        ) : (
          t('thread.sending')
        )}
      </div>
    </div>
  );
}

/**
 * The time Recall buttons are shown against, moved on when the next one's window closes (the clock, not a reload,
 * takes a button away; between those moments it may lag, which never keeps one past its time).
 */
function useRecallNow(messages: Message[], meId: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(
    () => (meId ? whenRecallEnds(messages, (m) => m.sender.id === meId, () => setNow(Date.now())) : undefined),
    [messages, meId, now],
  );
  return now;
}

/**
 * A conversation's messages in a virtual list (@tanstack/react-virtual): only the rows near the viewport are in
 * the DOM, each row is measured again whenever its size changes (an image that loaded), the list stays at the
 * bottom while the reader is there, and keeps the reader's place when older pages are prepended.
 */
const NO_NOTES: Note[] = [];

export function MessageThread({
  messages,
  notes = NO_NOTES,
  pending = [],
  customerReadSeq = 0,
  hasMore,
  onLoadOlder,
  onRetry,
  onDiscard,
  focusSeq,
  onFocused,
  meId,
  onRecall,
  onReply,
}: MessageThreadProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const now = useRecallNow(messages, meId);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const rows = useMemo<Row[]>(() => {
    let seenSeq = 0;
    for (const m of messages) if (m.seq <= customerReadSeq && m.sender.type !== 'customer') seenSeq = m.seq;
    const result: Row[] = [];
    let day = '';
    const newDay = (at: string) => {
      const key = format.dayKey(at);
      const changed = key !== day;
      day = key;
      return changed;
    };
    // Notes go in by time among the messages (in seq order); while older pages remain, a note older than the first
    // loaded message waits for its page rather than sitting at the top.
    const firstAt = messages[0]?.createdAt;
    let n = firstAt && hasMore ? notes.findIndex((note) => note.createdAt >= firstAt) : 0;
    if (n < 0) n = notes.length;
    const notesUpTo = (at: string | null) => {
      for (; n < notes.length && (at === null || notes[n].createdAt < at); n++)
        result.push({ type: 'note', key: `n:${notes[n].id}`, note: notes[n], newDay: newDay(notes[n].createdAt) });
    };
    for (const m of messages) {
      notesUpTo(m.createdAt);
      result.push({ type: 'message', key: m.id, message: m, seen: m.seq === seenSeq, newDay: newDay(m.createdAt) });
    }
    notesUpTo(null);
    for (const p of pending) result.push({ type: 'pending', key: `p:${p.clientMsgId}`, pending: p });
    return result;
  }, [messages, notes, pending, customerReadSeq, format, hasMore]);

  const scroller = useRef<HTMLDivElement>(null);
  const getItemKey = useCallback((index: number) => rows[index].key, [rows]);
  // eslint-disable-next-line react-hooks/incompatible-library -- only the React Compiler cares (it would skip memoising this component), and the build does not run it
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    getItemKey,
    overscan: OVERSCAN_ROWS,
    // The first row is the list's edge ("Loading earlier…"), outside the items: a prepended page then
    // anchors on the message the reader sees, not on that edge, which stays at the top.
    paddingStart: EDGE_ROW_PX,
    observeElementRect: observeViewport,
    measureElement: measureRow,
    // A chat: prepended pages keep the reader's row in place, appended messages are followed at the bottom.
    anchorTo: 'end',
    followOnAppend: true,
  });

  // A thread opens at its newest message (the virtualizer is one instance for the component's life).
  useLayoutEffect(() => virtualizer.scrollToEnd(), [virtualizer]);

  // A search result: older pages until its message is loaded, then it is scrolled to the middle and outlined.
  const [focusedSeq, setFocusedSeq] = useState<number | null>(null);
  useEffect(() => {
    if (focusSeq === undefined) return;
    const index = rows.findIndex((row) => row.type === 'message' && row.message.seq === focusSeq);
    if (index >= 0) {
      virtualizer.scrollToIndex(index, { align: 'center' });
      setFocusedSeq(focusSeq);
      onFocused?.();
    } else if (hasMore && (messages[0]?.seq ?? 0) > focusSeq) onLoadOlder?.();
    else onFocused?.();
  }, [focusSeq, rows, messages, hasMore, onLoadOlder, onFocused, virtualizer]);
  // A clicked quote: the original is scrolled to (rendered if it was not), takes the focus and glows for a moment.
  const highlightTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (highlightTimer.current) clearTimeout(highlightTimer.current);
  }, []);
  const onJump = useCallback(
    (seq: number) => {
      const index = rows.findIndex((row) => row.type === 'message' && row.message.seq === seq);
      if (index < 0) return;
      virtualizer.scrollToIndex(index, { align: 'center' });
      setHighlighted(seq);
      requestAnimationFrame(() =>
        scroller.current?.querySelector<HTMLElement>(`[data-seq="${seq}"]`)?.focus({ preventScroll: true }),
      );
      if (highlightTimer.current) clearTimeout(highlightTimer.current);
      highlightTimer.current = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
    },
    [rows, virtualizer],
  );
  const actions: BubbleActions = { meId, now, highlighted, onRecall, onReply, onJump };

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (el && el.scrollTop < NEAR_TOP_PX && hasMore) onLoadOlder?.();
  }, [hasMore, onLoadOlder]);

  const renderRow = (row: Row) => {
    switch (row.type) {
      case 'message':
        return (
          <>
            {row.newDay && <DaySeparator at={row.message.createdAt} format={format} />}
            <MessageBubble
              message={row.message}
              seen={row.seen}
              focused={row.message.seq === focusedSeq}
              format={format}
              actions={actions}
            />
          </>
        );
      case 'note':
        return (
          <>
            {row.newDay && <DaySeparator at={row.note.createdAt} format={format} />}
            <NoteBubble note={row.note} format={format} />
          </>
        );
      case 'pending':
        return <PendingBubble pending={row.pending} onRetry={onRetry} onDiscard={onDiscard} />;
    }
  };

  return (
    // Focusable, so a long history (one a search result opened in the middle, say) scrolls from the keyboard too.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <div ref={scroller} className="thread" onScroll={onScroll} role="log" aria-label={t('thread.label')} tabIndex={0}>
      <div className="thread-rows" style={{ height: virtualizer.getTotalSize() }}>
        <div className="thread-start" style={{ height: EDGE_ROW_PX }}>
          {hasMore ? t('thread.loadingEarlier') : t('thread.start')}
        </div>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            className="thread-row"
            style={{ transform: `translateY(${item.start}px)` }}
          >
            {renderRow(rows[item.index])}
          </div>
        ))}
      </div>
    </div>
  );
}
