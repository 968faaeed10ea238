import { useTranslation } from 'react-i18next';
import { DoubleTickIcon, SingleTickIcon } from './icons';

export type DeliveryState = 'pending' | 'delivered' | 'read';

/** One tick: still in the outbox; two: stored by the server; two coloured: an agent has read it. */
export function Ticks({ state }: { state: DeliveryState }) {
  const { t } = useTranslation();
  const label = t(`receipts.${state}`);
  return (
    <span className={`sbw-ticks is-${state}`} role="img" aria-label={label} title={label}>
      {state === 'pending' ? <SingleTickIcon /> : <DoubleTickIcon />}
    </span>
  );
}
