import type { ArtificialType, PresenceStatus } from '@switchboard/protocol';
import { STATE_LABELS } from '../conversations/conversation-model';

export function StateBadge({ state }: { state: ArtificialType }) {
  return <span className={`state-badge state-${state}`}>{STATE_LABELS[state]}</span>;
}

export function CustomerType({ type }: { type: string | null }) {
  return type ? <span className="customer-type">{type}</span> : null;
}

export function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="unread-badge" aria-label={`${count} unread`}>
      {count > 99 ? '99+' : count}
    </span>
  );
}

export function PresenceDot({ status }: { status: PresenceStatus }) {
  return <span className={`presence presence-${status}`} aria-hidden="true" />;
}
