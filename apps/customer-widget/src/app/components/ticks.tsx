import { DoubleTickIcon, SingleTickIcon } from './icons';

export type DeliveryState = 'pending' | 'delivered' | 'read';

const LABELS: Record<DeliveryState, string> = { pending: 'Sending', delivered: 'Delivered', read: 'Read' };

/** One tick: still in the outbox; two: stored by the server; two coloured: an agent has read it. */
export function Ticks({ state }: { state: DeliveryState }) {
  return (
    <span className={`sbw-ticks is-${state}`} role="img" aria-label={LABELS[state]} title={LABELS[state]}>
      {state === 'pending' ? <SingleTickIcon /> : <DoubleTickIcon />}
    </span>
  );
}
