import { useCallback, useMemo } from 'react';
import type { PendingMessage } from '@switchboard/client';
import type { Message } from '@switchboard/protocol';
import { linkify } from '../shared/linkify';
import { formatClock } from '../shared/time';
import { VirtualList } from '../shared/VirtualList';
import { AttachmentView } from './AttachmentView';

type Row =
  | { type: 'message'; key: string; message: Message; seen: boolean }
  | { type: 'pending'; key: string; pending: PendingMessage }
  | { type: 'start'; key: string }
  | { type: 'more'; key: string };

interface MessageThreadProps {
  messages: Message[];
  pending?: PendingMessage[];
  /** The customer's read marker: "Seen" shows under the newest message at or below it. */
  customerReadSeq?: number;
  hasMore: boolean;
  onLoadOlder?: () => void;
  onRetry?: (clientMsgId: string) => void;
  onDiscard?: (clientMsgId: string) => void;
}

function MessageBubble({ message, seen }: { message: Message; seen: boolean }) {
  if (message.kind === 'system') return <div className="system-message">{message.text}</div>;
  const side = message.sender.type === 'customer' ? 'theirs' : 'ours';
  return (
    <div className={`message ${side}`} data-seq={message.seq}>
      <div className="message-meta">
        <span className="sender">{message.sender.name}</span>
        <time dateTime={message.createdAt}>{formatClock(message.createdAt)}</time>
      </div>
      <div className="bubble">
        {message.attachment && <AttachmentView attachment={message.attachment} />}
        {message.text && <div className="text">{linkify(message.text)}</div>}
      </div>
      {seen && <div className="seen">Seen</div>}
    </div>
  );
}

function PendingBubble({
  pending,
  onRetry,
  onDiscard,
}: { pending: PendingMessage } & Pick<MessageThreadProps, 'onRetry' | 'onDiscard'>) {
  return (
    <div className={`message ours pending ${pending.status}`}>
      <div className="bubble">
        <div className="text">{pending.text ?? 'Attachment'}</div>
      </div>
      <div className="pending-state">
        {pending.status === 'failed' ? (
          <>
            Not sent: {pending.error?.message ?? 'refused'}{' '}
            <button type="button" className="link-button" onClick={() => onRetry?.(pending.clientMsgId)}>
              Retry
            </button>{' '}
            <button type="button" className="link-button" onClick={() => onDiscard?.(pending.clientMsgId)}>
              Discard
            </button>
          </>
        ) : (
          'Sending…'
        )}
      </div>
    </div>
  );
}

/** A conversation's messages in a virtual list: older pages load on scrolling up. */
export function MessageThread({
  messages,
  pending = [],
  customerReadSeq = 0,
  hasMore,
  onLoadOlder,
  onRetry,
  onDiscard,
}: MessageThreadProps) {
  const rows = useMemo<Row[]>(() => {
    let seenSeq = 0;
    for (const m of messages) if (m.seq <= customerReadSeq && m.sender.type !== 'customer') seenSeq = m.seq;
    const result: Row[] = [hasMore ? { type: 'more', key: 'more' } : { type: 'start', key: 'start' }];
    for (const m of messages)
      result.push({ type: 'message', key: m.id, message: m, seen: m.seq === seenSeq });
    for (const p of pending) result.push({ type: 'pending', key: `p:${p.clientMsgId}`, pending: p });
    return result;
  }, [messages, pending, customerReadSeq, hasMore]);

  const getKey = useCallback((row: Row) => row.key, []);
  const renderRow = useCallback(
    (row: Row) => {
      switch (row.type) {
        case 'start':
          return <div className="thread-start">Start of the conversation</div>;
        case 'more':
          return <div className="thread-start">Loading earlier messages…</div>;
        case 'message':
          return <MessageBubble message={row.message} seen={row.seen} />;
        case 'pending':
          return <PendingBubble pending={row.pending} onRetry={onRetry} onDiscard={onDiscard} />;
      }
    },
    [onRetry, onDiscard],
  );

  return (
    <VirtualList
      className="thread"
      ariaLabel="Messages"
      items={rows}
      getKey={getKey}
      renderItem={renderRow}
      onReachTop={hasMore ? onLoadOlder : undefined}
    />
  );
}
