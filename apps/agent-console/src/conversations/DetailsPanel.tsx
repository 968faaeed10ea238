import type { ReactNode } from 'react';
import type { Conversation } from '@switchboard/protocol';
import { StateBadge } from '../shared/Badges';
import { formatDuration, secondsSince, useNow } from '../shared/time';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' }) : '—';
}

/** Who the customer is and where the conversation stands. */
export function DetailsPanel({ conversation }: { conversation: Conversation | null }) {
  const now = useNow(5000);
  if (!conversation)
    return <aside className="details empty">Details of the open conversation show here.</aside>;
  const c = conversation;
  return (
    <aside className="details" aria-label="Details">
      <h2 className="section-heading">Customer</h2>
      <div className="customer-card">
        <div className="avatar" aria-hidden="true">
          {c.customer.name.slice(0, 1).toUpperCase()}
        </div>
        <div>
          <div className="customer-name">{c.customer.name}</div>
          <div className="muted">{c.customer.type ?? 'No segment'}</div>
        </div>
      </div>
      <h2 className="section-heading">Conversation</h2>
      <dl className="facts">
        <Row label="Number">#{c.number}</Row>
        <Row label="State">
          <StateBadge state={c.artificialType} />
        </Row>
        <Row label="Started">{when(c.createdAt)}</Row>
        <Row label="Assigned">{when(c.assignedAt)}</Row>
        {c.assignedAt && c.artificialType !== 'closed' && (
          <Row label="Serving for">{formatDuration(secondsSince(c.assignedAt, now))}</Row>
        )}
        <Row label="Messages">{c.lastSeq}</Row>
        <Row label="Customer read">
          {c.reads.customer >= c.lastSeq && c.lastSeq > 0 ? 'Up to date' : `Up to #${c.reads.customer}`}
        </Row>
        <Row label="Unread by you">{c.unread.agent}</Row>
        {c.transfer && (
          <Row label="Transfer">{`${c.transfer.mode === 'queue' ? 'to the queue' : 'to a colleague'}${c.transfer.note ? `: ${c.transfer.note}` : ''}`}</Row>
        )}
        {c.closedAt && <Row label="Closed">{`${when(c.closedAt)} by ${c.closedBy ?? '—'}`}</Row>}
        {c.rating && (
          <Row label="Rating">{`${'★'.repeat(c.rating.score)}${c.rating.comment ? ` “${c.rating.comment}”` : ''}`}</Row>
        )}
      </dl>
    </aside>
  );
}
