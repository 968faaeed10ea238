import { Section } from '../shared/Section';
import type { Conversation } from '@switchboard/protocol';
import { useConsole, useWorkspace } from '../shared/console-context';
import { formatDuration, useNow } from '../shared/time';

function Offer({ conversation, now }: { conversation: Conversation; now: number }) {
  const { workspace } = useConsole();
  const expires = conversation.transfer?.expiresAt;
  const left = expires ? Math.max(0, (Date.parse(expires) - now) / 1000) : null;
  return (
    <li className="offer" aria-label={`Transfer offer: ${conversation.customer.name}`}>
      <div className="row-title">
        <span className="customer-name">{conversation.customer.name}</span>
        {left !== null && <span className="time-left">{formatDuration(left)} left</span>}
      </div>
      {conversation.transfer?.note && <div className="transfer-note">“{conversation.transfer.note}”</div>}
      <div className="offer-actions">
        <button
          type="button"
          className="button small primary"
          onClick={() => void workspace.acceptTransfer(conversation.id)}
        >
          Accept
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => void workspace.declineTransfer(conversation.id)}
        >
          Decline
        </button>
      </div>
    </li>
  );
}

/** Conversations a colleague offered me; they stay theirs until I accept. */
export function TransferOffers() {
  const offers = useWorkspace((s) => s.offers);
  const now = useNow(1000);
  if (offers.length === 0) return null;
  return (
    <Section
      className="panel-section offers"
      id="offers-heading"
      title="Transfer offers"
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
