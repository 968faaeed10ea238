import { Section } from '../shared/Section';
import type { Conversation } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';
import { useConsole, useWorkspace } from '../shared/console-context';
import { useFormatters } from '../shared/i18n';
import { useNow } from '../shared/time';

function Offer({ conversation, now }: { conversation: Conversation; now: number }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { workspace } = useConsole();
  const expires = conversation.transfer?.expiresAt;
  const left = expires ? Math.max(0, (Date.parse(expires) - now) / 1000) : null;
  return (
    <li className="offer" aria-label={t('offers.label', { name: conversation.customer.name })}>
      <div className="row-title">
        <span className="customer-name">{conversation.customer.name}</span>
        {left !== null && <span className="time-left">{t('offers.timeLeft', { duration: format.duration(left) })}</span>}
      </div>
      {conversation.transfer?.note && <div className="transfer-note">{t('offers.note', { note: conversation.transfer.note })}</div>}
      <div className="offer-actions">
        <button
          type="button"
          className="button small primary"
          onClick={() => void workspace.acceptTransfer(conversation.id)}
        >
          {t('offers.accept')}
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => void workspace.declineTransfer(conversation.id)}
        >
          {t('offers.decline')}
        </button>
      </div>
    </li>
  );
}

/** Conversations a colleague offered me; they stay theirs until I accept. */
export function TransferOffers() {
  const { t } = useTranslation();
  const offers = useWorkspace((s) => s.offers);
  const now = useNow(1000);
  if (offers.length === 0) return null;
  return (
    <Section
      className="panel-section offers"
      id="offers-heading"
      title={t('offers.title')}
      count={offers.length}
    >
      <ul className="offer-list">
        {offers.map((c) => (
          <Offer key={c.id} conversation={c} now={now} />
        ))}
      </ul>
    </Section>
  );
}
