import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { PREVIEW_LABELS, type Message } from '@switchboard/protocol';
import { mayRecall, SwitchboardError, whenRecallEnds, type PendingMessage } from '@switchboard/client';
import { translateSystemMessage } from '@switchboard/i18n';
import { describeError, type ChatState, type LocalUpload } from '../chat/chat-store';
import { buildTimeline, type TimelineItem } from '../chat/timeline';
import { useFormatters } from '../i18n/widget-i18n';
import { FileAttachment, ImageAttachment } from './attachment-view';
import { Avatar } from './avatar';
import { AlertIcon, ReplyIcon } from './icons';
import { MessageText } from './message-text';
import { Ticks, type DeliveryState } from './ticks';

export interface MessageListProps {
  messages: Message[];
  pending: PendingMessage[];
  uploads?: LocalUpload[];
  agentReadSeq: number;
  agentTyping?: ChatState['agentTyping'];
  queue?: ChatState['queue'];
  waiting?: boolean;
  older?: ChatState['older'];
  now?: Date;
  onLoadOlder?: () => void;
  onAtBottomChange?: (atBottom: boolean) => void;
  onRetry?: (clientMsgId: string) => void;
  onDiscard?: (clientMsgId: string) => void;
  onDismissUpload?: (id: string) => void;
  /** Section 8: recall one of the customer's messages (shown while its window lasts). */
  onRecall?: (seq: number) => void;
  /** Section 8: quote a message in the next reply. */
  onReply?: (message: Message) => void;
  /** Shown above the messages (the welcome card of a new chat). */
  header?: ReactNode;
}

const NEAR_EDGE_PX = 48;
/** How long the original of a clicked quote stays highlighted. */
const HIGHLIGHT_MS = 1600;

const isCustomers = (message: Message) => message.sender.type === 'customer';

/**
 * The time Recall buttons are shown against, moved on when the next one's window closes: the clock, not a reload,
 * takes it away. (Between those moments it may lag, which never keeps a button past its time.)
 */
function useRecallNow(messages: Message[]): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => whenRecallEnds(messages, isCustomers, () => setNow(Date.now())), [messages, now]);
  return now;
}

/**
 * The conversation as a scrolling log. It sticks to the bottom while the customer is there, keeps its
 * place when older history is prepended, and asks for more history near the top.
 */
export function MessageList(props: MessageListProps) {
  const {
    messages,
    pending,
    uploads = [],
    agentReadSeq,
    older = 'done',
    onLoadOlder,
    onAtBottomChange,
  } = props;
  const { t } = useTranslation();
  const format = useFormatters();
  const items = useMemo(
    () => buildTimeline(messages, pending, uploads, format, props.now),
    [messages, pending, uploads, format, props.now],
  );
  const scroller = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const lastLayout = useRef({ height: 0, top: 0, firstSeq: 0, lastKey: '' });
  const [newBelow, setNewBelow] = useState(false);
  const now = useRecallNow(messages);
  const [highlighted, setHighlighted] = useState<number | null>(null);
  const highlightTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => {
    if (highlightTimer.current) clearTimeout(highlightTimer.current);
  }, []);

  /** A clicked quote: the original scrolls into view, takes the focus and glows for a moment. */
  const jumpTo = useCallback((seq: number) => {
    const target = scroller.current?.querySelector<HTMLElement>(`[data-seq="${seq}"]`);
    if (!target) return;
    target.scrollIntoView({ block: 'center', behavior: 'smooth' });
    target.focus({ preventScroll: true });
    setHighlighted(seq);
    if (highlightTimer.current) clearTimeout(highlightTimer.current);
    highlightTimer.current = setTimeout(() => setHighlighted(null), HIGHLIGHT_MS);
  }, []);
  const rowActions = useMemo(() => ({ ...props, jumpTo, highlighted, now }), [props, jumpTo, highlighted, now]);

  const setStick = useCallback(
    (atBottom: boolean) => {
      if (atBottom) setNewBelow(false);
      if (atBottom === stickToBottom.current) return;
      stickToBottom.current = atBottom;
      onAtBottomChange?.(atBottom);
    },
    [onAtBottomChange],
  );

  const scrollToBottom = useCallback(() => {
    const element = scroller.current;
    if (element && stickToBottom.current) element.scrollTop = element.scrollHeight;
  }, []);

  const jumpToBottom = () => {
    const element = scroller.current;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    setStick(true);
  };

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    setStick(element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_EDGE_PX);
    lastLayout.current = { ...lastLayout.current, height: element.scrollHeight, top: element.scrollTop };
    if (element.scrollTop < NEAR_EDGE_PX && older === 'idle') onLoadOlder?.();
  };

  const firstSeq = messages[0]?.seq ?? 0;
  const lastItem = items[items.length - 1];
  const lastKey = lastItem?.key ?? '';
  const ownNewest =
    lastItem?.type === 'pending' ||
    lastItem?.type === 'upload' ||
    (lastItem?.type === 'message' && lastItem.own);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const before = lastLayout.current;
    const appended = lastKey !== before.lastKey;
    if (before.firstSeq !== 0 && firstSeq !== 0 && firstSeq < before.firstSeq) {
      // Older messages were put on top: keep what the customer was looking at where it was.
      element.scrollTop = before.top + (element.scrollHeight - before.height);
    } else if (stickToBottom.current || (appended && ownNewest)) {
      // Following the conversation, or the customer just wrote: show the newest.
      element.scrollTop = element.scrollHeight;
      setStick(true);
    } else if (appended && before.lastKey) {
      setNewBelow(true);
    }
    lastLayout.current = { height: element.scrollHeight, top: element.scrollTop, firstSeq, lastKey };
  }, [items, firstSeq, lastKey, ownNewest, setStick, props.agentTyping, props.queue]);

  return (
    <div className="sbw-scroller" ref={scroller} onScroll={onScroll}>
      {props.header}
      {older === 'loading' && (
        <div className="sbw-older" role="status">
          {t('messages.loadingOlder')}
        </div>
      )}
      {older === 'idle' && messages.length > 0 && (
        <button type="button" className="sbw-older sbw-link-button" onClick={onLoadOlder}>
          {t('messages.showOlder')}
        </button>
      )}
      {/* A log around a list: the rows stay list items (a role on the <ol> itself would orphan its <li>s). */}
      <div role="log" aria-label={t('messages.log')} aria-live="polite">
        <ol className="sbw-log">
          {items.map((item) => (
            <TimelineRow
              key={item.key}
              item={item}
              agentReadSeq={agentReadSeq}
              onMediaLoad={scrollToBottom}
              actions={rowActions}
            />
          ))}
        </ol>
      </div>
      {props.waiting && <QueueCard queue={props.queue ?? null} />}
      {props.agentTyping && <TypingIndicator name={props.agentTyping.name} />}
      {newBelow && (
        <button type="button" className="sbw-new-below" onClick={jumpToBottom}>
          {t('messages.newBelow')}
        </button>
      )}
    </div>
  );
}

interface RowActions extends Pick<MessageListProps, 'onRetry' | 'onDiscard' | 'onDismissUpload' | 'onRecall' | 'onReply'> {
  jumpTo: (seq: number) => void;
  highlighted: number | null;
  now: number;
}

interface TimelineRowProps {
  item: TimelineItem;
  agentReadSeq: number;
  onMediaLoad: () => void;
  actions: RowActions;
}

function TimelineRow({ item, agentReadSeq, onMediaLoad, actions }: TimelineRowProps) {
  const { onRetry, onDiscard, onDismissUpload } = actions;
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  switch (item.type) {
    case 'day':
      return (
        <li className="sbw-day">
          <span role="separator" aria-label={item.label}>
            {item.label}
          </span>
        </li>
      );
    case 'system':
      return (
        <li className="sbw-system">
          <span title={format.time(item.message.createdAt)}>{translateSystemMessage(i18n, item.message)}</span>
        </li>
      );
    case 'recalled':
      return (
        <li className="sbw-system sbw-recalled" data-seq={item.message.seq} tabIndex={-1}>
          <span title={format.time(item.message.createdAt)}>
            {item.own ? t('messages.youRecalled') : t('messages.recalled')}
          </span>
        </li>
      );
    case 'message': {
      const { message, own, first, last } = item;
      const delivery: DeliveryState = message.seq <= agentReadSeq ? 'read' : 'delivered';
      const recallable = mayRecall(message, own, actions.now) && actions.onRecall;
      return (
        <li
          className={`sbw-row ${own ? 'is-own' : 'is-other'}${first ? ' is-first' : ''}${last ? ' is-last' : ''}`}
        >
          {!own && <span className="sbw-avatar-slot">{last && <Avatar name={message.sender.name} />}</span>}
          <div className="sbw-bubble-column">
            {!own && first && <span className="sbw-sender">{message.sender.name}</span>}
            <div className="sbw-message-line">
              <div
                className={`sbw-bubble${actions.highlighted === message.seq ? ' is-highlighted' : ''}`}
                data-seq={message.seq}
                tabIndex={-1}
              >
                {message.replyTo && <QuoteButton quote={message.replyTo} onJump={actions.jumpTo} />}
                <MessageBody message={message} onMediaLoad={onMediaLoad} />
                <span className="sbw-meta">
                  <time dateTime={message.createdAt}>{format.time(message.createdAt)}</time>
                  {own && <Ticks state={delivery} />}
                </span>
              </div>
              <span className="sbw-message-actions">
                {actions.onReply && (
                  <button type="button" className="sbw-message-action" aria-label={t('messages.reply')} title={t('messages.reply')} onClick={() => actions.onReply?.(message)}>
                    <ReplyIcon width={14} height={14} />
                  </button>
                )}
                {recallable && (
                  <button type="button" className="sbw-message-action" onClick={() => actions.onRecall?.(message.seq)}>
                    {t('messages.recall')}
                  </button>
                )}
              </span>
            </div>
          </div>
        </li>
      );
    }
    case 'pending': {
      const { entry } = item;
      const failed = entry.status === 'failed';
      return (
        <li className={`sbw-row is-own is-first is-last is-pending${failed ? ' is-failed' : ''}`}>
          <div className="sbw-bubble-column">
            <div className="sbw-bubble">
              {entry.text ? (
                <MessageText text={entry.text} />
              ) : (
                <span className="sbw-text">{t('messages.sendingFile')}</span>
              )}
              <span className="sbw-meta">
                <time dateTime={entry.createdAt}>{format.time(entry.createdAt)}</time>
                {!failed && <Ticks state="pending" />}
              </span>
            </div>
            {failed && (
              <FailureNote
                text={notSentText(t, entry)}
                actions={[
                  [t('messages.retry'), () => onRetry?.(entry.clientMsgId)],
                  [t('messages.delete'), () => onDiscard?.(entry.clientMsgId)],
                ]}
              />
            )}
          </div>
        </li>
      );
    }
    case 'upload': {
      const { upload } = item;
      return (
        <li
          className={`sbw-row is-own is-first is-last is-pending${upload.status === 'failed' ? ' is-failed' : ''}`}
        >
          <div className="sbw-bubble-column">
            <div className="sbw-bubble">
              <span className="sbw-text">
                {upload.status === 'uploading' ? t('messages.uploading', { name: upload.name }) : upload.name}
              </span>
            </div>
            {upload.status === 'failed' && (
              <FailureNote
                text={upload.error ? t(`errors.${upload.error}`) : t('messages.notSent')}
                actions={[[t('messages.dismiss'), () => onDismissUpload?.(upload.id)]]}
              />
            )}
          </div>
        </li>
      );
    }
  }
}

/** "Not sent.", and why when it is something the customer can act on (too fast, too large, offline). */
function notSentText(t: TFunction, entry: PendingMessage): string {
  const problem = entry.error ? describeError(SwitchboardError.fromAck(entry.error), null) : null;
  return problem ? t('messages.notSentBecause', { reason: t(`errors.${problem}`) }) : t('messages.notSent');
}

/** Why something was not sent, with what the customer can do about it. */
function FailureNote({ text, actions }: { text: string; actions: Array<[label: string, run: () => void]> }) {
  return (
    <span className="sbw-failed" role="alert">
      <AlertIcon width={14} height={14} /> {text}
      {actions.map(([label, run]) => (
        <button key={label} type="button" className="sbw-link-button" onClick={run}>
          {label}
        </button>
      ))}
    </span>
  );
}

/** A message as a quote shows it, in the reader's language (images and files under this language's label). */
export function quotePreview(t: TFunction, message: Pick<Message, 'kind' | 'text' | 'attachment' | 'recalledAt'>): string {
  if (message.recalledAt) return t('messages.recalled');
  const label =
    message.kind === 'image' ? t('messages.image') : message.kind === 'file' ? `${t('messages.file')} ${message.attachment?.name ?? ''}` : '';
  return [label, message.text ?? ''].filter(Boolean).join(' ').trim();
}

/** The gateway's quote preview starts with an English label for images and files: this language's instead. */
function localLabels(t: TFunction, preview: string): string {
  if (preview.startsWith(PREVIEW_LABELS.image)) return t('messages.image') + preview.slice(PREVIEW_LABELS.image.length);
  if (preview.startsWith(PREVIEW_LABELS.file)) return t('messages.file') + preview.slice(PREVIEW_LABELS.file.length);
  return preview;
}

/** The quoted message above a reply; a click (or Enter) takes the reader to it. */
function QuoteButton({ quote, onJump }: { quote: NonNullable<Message['replyTo']>; onJump: (seq: number) => void }) {
  const { t } = useTranslation();
  const preview = quote.recalled ? t('messages.recalled') : localLabels(t, quote.preview);
  return (
    <button
      type="button"
      className={`sbw-quote${quote.recalled ? ' is-recalled' : ''}`}
      title={t('messages.goToQuote')}
      onClick={() => onJump(quote.seq)}
    >
      {/* Its name is what it shows (the quoted sender, then the preview); the title says where it leads. */}
      <span className="sbw-quote-name">{quote.senderName}</span>
      <span className="sbw-visually-hidden">: </span>
      <span className="sbw-quote-text">{preview}</span>
    </button>
  );
}

function MessageBody({ message, onMediaLoad }: { message: Message; onMediaLoad: () => void }) {
  const { attachment, text } = message;
  return (
    <>
      {attachment && message.kind === 'image' && (
        <ImageAttachment attachment={attachment} onLoad={onMediaLoad} />
      )}
      {attachment && message.kind !== 'image' && <FileAttachment attachment={attachment} />}
      {text && <MessageText text={text} />}
    </>
  );
}

function QueueCard({ queue }: { queue: ChatState['queue'] }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const seconds = queue?.estimatedWaitSeconds;
  let wait: string | null = null;
  if (typeof seconds === 'number' && Number.isFinite(seconds)) {
    const estimate = format.approximateMinutes(seconds);
    wait = estimate.underAMinute
      ? t('queue.lessThanAMinute')
      : t('queue.aboutMinutes', { count: estimate.minutes });
  }
  return (
    <div className="sbw-queue" role="status">
      <span className="sbw-queue-pulse" aria-hidden="true" />
      <div>
        <strong>
          {queue
            ? queue.position <= 1
              ? t('queue.next')
              : t('queue.position', { position: format.number(queue.position) })
            : t('queue.waiting')}
        </strong>
        <span>{wait ? t('queue.estimate', { wait }) : t('queue.shortly')}</span>
      </div>
    </div>
  );
}

function TypingIndicator({ name }: { name: string | null }) {
  const { t } = useTranslation();
  return (
    <div className="sbw-row is-other is-first is-last sbw-typing-row">
      <span className="sbw-avatar-slot">{name && <Avatar name={name} />}</span>
      <div
        className="sbw-bubble sbw-typing"
        role="status"
        aria-label={name ? t('messages.typing', { name }) : t('messages.typingUnknown')}
      >
        <span />
        <span />
        <span />
      </div>
    </div>
  );
}
