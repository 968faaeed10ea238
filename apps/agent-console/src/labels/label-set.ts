import {
  CLIENT_EVENTS,
  type BlockedCustomersResponse,
  type CustomerBlock,
  type Label,
  type LabelListResponse,
  type LabelResponse,
} from '@switchboard/protocol';
import type { ConsoleClient } from '../shared/console-client';
import { createStore } from '../shared/store';

/** The team's label set as the console last read it (GET /api/labels): small, shared by every screen. */
export const labelSetStore = createStore<{ labels: Label[]; loaded: boolean }>({ labels: [], loaded: false });

let loading: Promise<void> | null = null;

/** Reads the set once per page (again after a change made here); failures leave it empty and retry next time. */
export function loadLabelSet(client: Pick<ConsoleClient, 'api'>, force = false): Promise<void> {
  if (labelSetStore.get().loaded && !force) return Promise.resolve();
  loading ??= client
    .api<LabelListResponse>('/api/labels')
    .then(({ labels }) => labelSetStore.set({ labels, loaded: true }))
    .catch(() => undefined)
    .finally(() => {
      loading = null;
    });
  return loading;
}

export async function createLabel(client: ConsoleClient, name: string, color: string): Promise<Label> {
  const { label } = await client.api<LabelResponse>('/api/labels', {
    method: 'POST',
    body: JSON.stringify({ name, color }),
  });
  await loadLabelSet(client, true);
  return label;
}

export async function deleteLabel(client: ConsoleClient, id: string): Promise<void> {
  await client.api<void>(`/api/labels/${id}`, { method: 'DELETE' });
  await loadLabelSet(client, true);
}

export function blockCustomer(client: ConsoleClient, customerId: string, reason: string): Promise<CustomerBlock> {
  return client.request(CLIENT_EVENTS.customerBlock, { customerId, reason });
}

export function unblockCustomer(client: ConsoleClient, customerId: string) {
  return client.request(CLIENT_EVENTS.customerUnblock, { customerId });
}

export async function listBlocked(client: ConsoleClient): Promise<CustomerBlock[]> {
  return (await client.api<BlockedCustomersResponse>('/api/customers/blocked')).blocked;
}
