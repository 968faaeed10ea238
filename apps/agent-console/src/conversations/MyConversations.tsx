import { Section } from '../shared/Section';
import { useEffect } from 'react';
import type { Conversation } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { CustomerType, StateBadge, UnreadBadge } from '../shared/Badges';
import { useConsole, useWorkspace } from '../shared/console-context';
import { useFormatters } from '../shared/i18n';
import { LabelChips } from '../labels/LabelChips';
import { previewText } from './conversation-model';

/** Keeps "(N) Switchboard" in the tab title so the total shows even when the tab is in the background. */
export function useUnreadTitle(total: number): void {
  const { t } = useTranslation();
  const title = total > 0 ? t('documentTitleUnread', { total }) : t('documentTitle');
  useEffect(() => {
    document.title = title;
  }, [title]);
}

function ConversationRow({ conversation, selected }: { conversation: Conversation; selected: boolean }) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const { workspace } = useConsole();
  const last = conversation.lastMessage;
  return (
    <li>
      <button
        type="button"
        className={`conversation-row${selected ? ' selected' : ''}${conversation.unread.agent > 0 ? ' has-unread' : ''}`}
        aria-current={selected ? 'true' : undefined}
        onClick={() => workspace.select(conversation.id)}
      >
        <span className="row-title">
          <span className="customer-name">{conversation.customer.name}</span>
          <CustomerType type={conversation.customer.type} />
          <span className="time">{last ? format.clock(last.at) : ''}</span>
        </span>
        <span className="row-sub">
          <span className="preview">
            {!last
              ? t('mine.noMessages')
              : last.senderType === 'agent'
                ? t('preview.fromYou', { preview: previewText(i18n, last) })
                : previewText(i18n, last)}
          </span>
          {conversation.artificialType !== 'serving' && <StateBadge state={conversation.artificialType} />}
          <UnreadBadge count={conversation.unread.agent} />
        </span>
        <LabelChips names={conversation.labels} />
      </button>
    </li>
  );
}

/** My live conversations, newest activity first, with unread badges and their total in the tab title. */
export function MyConversations() {
  const { t } = useTranslation();
  const mine = useWorkspace((s) => s.mine);
  const selectedId = useWorkspace((s) => s.selectedId);
  const total = mine.reduce((sum, c) => sum + c.unread.agent, 0);
  useUnreadTitle(total);
  return (
    <Section className="panel-section" id="mine-heading" title={t('mine.title')} count={mine.length}>
      {mine.length === 0 ? (
        <p className="empty">{t('mine.empty')}</p>
      ) : (
        <ul className="conversation-list" aria-label={t('mine.title')}>
          {mine.map((c) => (
            <ConversationRow key={c.id} conversation={c} selected={c.id === selectedId} />
          ))}
        </ul>
      )}
    </Section>
  );
}
