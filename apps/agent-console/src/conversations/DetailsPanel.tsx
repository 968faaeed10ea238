import { useState, type ReactNode } from 'react';
import { avatarInitial } from '@switchboard/i18n';
import type { Conversation } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { BlockDialog } from '../labels/BlockDialog';
import { ProfileSection } from '../profile/ProfileSection';
import { StateBadge } from '../shared/Badges';
import { useFormatters } from '../shared/i18n';
import { PaneBackButton } from '../shared/PaneBackButton';
import { useIsPhone } from '../shared/phone';
import { secondsSince, useNow } from '../shared/time';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Who the customer is and where the conversation stands. */
export function DetailsPanel({
  conversation,
  onOpenEarlier = () => undefined,
}: {
  conversation: Conversation | null;
  /** Opens one of the customer's other conversations, read-only (the profile's "Earlier conversations"). */
  onOpenEarlier?: (earlier: Conversation) => void;
}) {
  const { t } = useTranslation();
  const format = useFormatters();
  const now = useNow(5000);
  const [blocking, setBlocking] = useState(false);
  const phone = useIsPhone();
  if (!conversation) return <aside className="details empty">{t('details.empty')}</aside>;
  const c = conversation;
  const when = (iso: string | null) => (iso ? format.clock(iso, new Date(now)) : t('live.none'));
  const transferTarget = c.transfer?.mode === 'queue' ? t('details.transferToQueue') : t('details.transferToColleague');
  return (
    <aside className="details" aria-label={t('details.label')}>
      {phone && (
        <div className="details-phone-header">
          <PaneBackButton label={t('phone.backToConversation')} />
          <h2>{t('details.label')}</h2>
        </div>
      )}
      <h2 className="section-heading">{t('details.customer')}</h2>
      <div className="customer-card">
        <div className="avatar" aria-hidden="true">
          {avatarInitial(c.customer.name)}
        </div>
        <div className="customer-card-text">
          <div className="customer-name">{c.customer.name}</div>
          <div className="muted">{c.customer.type ?? t('details.noSegment')}</div>
        </div>
      </div>
      <button type="button" className="button small block-visitor" aria-haspopup="dialog" onClick={() => setBlocking(true)}>
        {t('labels.blockVisitor')}
      </button>
      {blocking && <BlockDialog conversation={c} onClose={() => setBlocking(false)} />}
      <ProfileSection conversation={c} onOpenEarlier={onOpenEarlier} />
      <h2 className="section-heading">{t('details.conversation')}</h2>
      <dl className="facts">
        <Row label={t('details.number')}>{t('conversation.number', { number: c.number })}</Row>
        <Row label={t('details.state')}>
          <StateBadge state={c.artificialType} />
        </Row>
        <Row label={t('details.started')}>{when(c.createdAt)}</Row>
        <Row label={t('details.assigned')}>{when(c.assignedAt)}</Row>
        {c.assignedAt && c.artificialType !== 'closed' && (
          <Row label={t('details.servingFor')}>{format.duration(secondsSince(c.assignedAt, now))}</Row>
        )}
        <Row label={t('details.messages')}>{format.number(c.lastSeq)}</Row>
        <Row label={t('details.customerRead')}>
          {c.reads.customer >= c.lastSeq && c.lastSeq > 0
            ? t('details.upToDate')
            : t('details.upTo', { seq: c.reads.customer })}
        </Row>
        <Row label={t('details.unreadByYou')}>{format.number(c.unread.agent)}</Row>
        {c.transfer && (
          <Row label={t('details.transfer')}>
            {c.transfer.note ? t('details.transferWithNote', { target: transferTarget, note: c.transfer.note }) : transferTarget}
          </Row>
        )}
        {c.closedAt && (
          <Row label={t('details.closed')}>
            {c.closedBy
              ? t('details.closedWhen', { when: when(c.closedAt), by: t(`details.closedBy.${c.closedBy}`) })
              : when(c.closedAt)}
          </Row>
        )}
        {c.rating && (
          <Row label={t('details.rating')}>
            <span role="img" aria-label={t('details.ratingLabel', { score: c.rating.score })}>{'★'.repeat(c.rating.score)}</span>
            {c.rating.comment && <> {t('details.ratingComment', { comment: c.rating.comment })}</>}
          </Row>
        )}
        {c.offline && <Row label={t('details.offline')}>{t('details.offlineYes')}</Row>}
      </dl>
      {Object.keys(c.fields).length > 0 && (
        <>
          <h2 className="section-heading">{t('details.preChat')}</h2>
          <dl className="facts">
            {Object.entries(c.fields).map(([key, value]) => (
              <Row key={key} label={key}>
                {value}
              </Row>
            ))}
          </dl>
        </>
      )}
    </aside>
  );
}
