import { useEffect, type UIEvent } from 'react';
import { allowedActions, type Conversation } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { previewText } from '../conversations/conversation-model';
import { Section } from '../shared/Section';
import { useConsole, useWorkspace } from '../shared/console-context';
import { useFormatters } from '../shared/i18n';
import { secondsSince, useNow } from '../shared/time';
import { LabelChips } from '../labels/LabelChips';
import { CustomerType } from '../shared/Badges';

/** Past this wait a row's timer turns amber. */
const LONG_WAIT_S = 120;
/** The next page loads once the list is scrolled this close to its end (or holds fewer rows than this). */
const NEAR_END_PX = 200;
const FEW_ROWS = 20;

function QueueRow({
  conversation,
  now,
  online,
}: {
  conversation: Conversation;
  now: number;
  online: boolean;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const { workspace } = useConsole();
  const transferred = conversation.artificialType === 'transferring';
  const waited = secondsSince(conversation.queuedAt ?? conversation.createdAt, now);
  return (
    <li
      className={`queue-row${transferred ? ' transferred' : ''}`}
      aria-label={t('queue.inquiryFrom', { name: conversation.customer.name })}
    >
      <div className="row-main">
        <div className="row-title">
          <span className="customer-name">{conversation.customer.name}</span>
          <CustomerType type={conversation.customer.type} />
          {conversation.offline && (
            <span
              className="offline-badge"
              title={t('queue.offlineLeft', { duration: format.duration(secondsSince(conversation.createdAt, now)) })}
            >
              {t('queue.offline')}
            </span>
          )}
          <span className={`wait${waited > LONG_WAIT_S ? ' long' : ''}`} title={t('queue.waitingTime')}>
            {format.duration(waited)}
          </span>
        </div>
        {transferred && (
          <div className="transfer-note">
            {conversation.transfer?.note
              ? t('queue.transferredNote', { note: conversation.transfer.note })
              : t('queue.transferred')}
          </div>
        )}
        {/* A transferred row's last message is the system line about the transfer; its note says it better. */}
        {!(transferred && conversation.lastMessage?.senderType === 'system') && (
          <div className="preview">
            {conversation.lastMessage ? previewText(i18n, conversation.lastMessage) : t('queue.noMessage')}
          </div>
        )}
        <LabelChips names={conversation.labels} />
      </div>
      {/* Only agents take conversations (supervisors assign them from the supervisor view); only when Online. */}
      {allowedActions(conversation, workspace.me).includes('grab') && (
        <button
          type="button"
          className="button small primary"
          disabled={!online}
          title={online ? undefined : t('toast.goOnline')}
          onClick={() => void workspace.grab(conversation.id)}
        >
          {t('queue.grab')}
        </button>
      )}
    </li>
  );
}

/**
 * The waiting inquiries, live; transferred ones first, then the longest waiting. A long queue scrolls in its own
 * area and loads page after page as it nears the end; the heading counts everyone waiting.
 */
export function QueueList() {
  const { t } = useTranslation();
  const { workspace } = useConsole();
  const queue = useWorkspace((s) => s.queue);
  const total = useWorkspace((s) => s.queueTotal);
  const hasMore = useWorkspace((s) => s.queueHasMore);
  const loading = useWorkspace((s) => s.queueLoading);
  const online = useWorkspace((s) => s.status === 'online');
  const now = useNow(1000);
  // Rows grabbed away can leave a short list with more behind it: fill it up.
  const short = hasMore && !loading && queue.length < FEW_ROWS;
  useEffect(() => {
    if (short) workspace.loadMoreQueue();
  }, [short, workspace]);
  const onScroll = (event: UIEvent<HTMLElement>) => {
    const list = event.currentTarget;
    if (hasMore && !loading && list.scrollHeight - list.scrollTop - list.clientHeight < NEAR_END_PX) workspace.loadMoreQueue();
  };
  return (
    <Section className="panel-section" id="queue-heading" title={t('queue.title')} count={total}>
      {queue.length === 0 && !hasMore ? (
        <p className="empty">{t('queue.empty')}</p>
      ) : (
        <div className="queue-scroll" onScroll={onScroll}>
          <ul className="queue-list" aria-label={t('queue.title')}>
            {queue.map((c) => (
              <QueueRow key={c.id} conversation={c} now={now} online={online} />
            ))}
          </ul>
          {hasMore && (
            <button
              type="button"
              className="button small load-more"
              disabled={loading}
              aria-busy={loading}
              onClick={() => workspace.loadMoreQueue()}
            >
              {t('queue.loadMore')}
            </button>
          )}
        </div>
      )}
    </Section>
  );
}
