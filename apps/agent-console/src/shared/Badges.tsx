import type { ArtificialType, PresenceStatus } from '@switchboard/protocol';
import { useTranslation } from 'react-i18next';

export function StateBadge({ state }: { state: ArtificialType }) {
  const { t } = useTranslation();
  return <span className={`state-badge state-${state}`}>{t(`state.${state}`)}</span>;
}

export function CustomerType({ type }: { type: string | null }) {
  return type ? <span className="customer-type">{type}</span> : null;
}

export function UnreadBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count <= 0) return null;
  return (
    <span className="unread-badge" aria-label={t('unread', { count })}>
      {count > 99 ? '99+' : count}
    </span>
  );
}

export function PresenceDot({ status }: { status: PresenceStatus }) {
  return <span className={`presence presence-${status}`} aria-hidden="true" />;
}
