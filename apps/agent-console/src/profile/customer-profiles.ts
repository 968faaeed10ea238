import type { Conversation, CustomerProfileResponse, VisitorUpdatedEvent } from '@switchboard/protocol';
import type { ConsoleClient } from '../shared/console-client';
import { createStore, type Store } from '../shared/store';

export interface ProfileEntry {
  status: 'loading' | 'ready' | 'failed';
  /** The last answer of GET /api/customers/:id, kept current by visitor.updated and conversation.updated. */
  data: CustomerProfileResponse | null;
}

export interface ProfilesState {
  byCustomer: Record<string, ProfileEntry>;
}

/**
 * The customers' profiles and histories the console has on screen (PROTOCOL section 8): read when the details
 * panel shows a customer, then kept current from the live events (the page they are on, their conversations' states).
 */
export class CustomerProfiles {
  readonly store: Store<ProfilesState> = createStore<ProfilesState>({ byCustomer: {} });
  private readonly offs: Array<() => void> = [];

  constructor(private readonly client: Pick<ConsoleClient, 'api' | 'on'>) {}

  start(): void {
    this.offs.push(
      this.client.on('visitor.updated', (event) => this.visitorUpdated(event)),
      this.client.on('conversation.updated', (conversation) => this.conversationUpdated(conversation)),
    );
  }

  stop(): void {
    this.offs.splice(0).forEach((off) => off());
  }

  /** Reads (again) one customer's profile; what was shown stays on screen meanwhile. */
  async load(customerId: string): Promise<void> {
    const known = this.store.get().byCustomer[customerId];
    this.put(customerId, { status: known?.data ? 'ready' : 'loading', data: known?.data ?? null });
    try {
      const data = await this.client.api<CustomerProfileResponse>(
        `/api/customers/${encodeURIComponent(customerId)}`,
      );
      this.put(customerId, { status: 'ready', data });
    } catch {
      this.put(customerId, { status: known?.data ? 'ready' : 'failed', data: known?.data ?? null });
    }
  }

  private visitorUpdated({ customerId, visitor }: VisitorUpdatedEvent): void {
    const entry = this.store.get().byCustomer[customerId];
    if (!entry?.data) return;
    this.put(customerId, {
      ...entry,
      data: { ...entry.data, customer: { ...entry.data.customer, visitor } },
    });
  }

  private conversationUpdated(conversation: Conversation): void {
    const entry = this.store.get().byCustomer[conversation.customer.id];
    if (!entry?.data) return;
    const others = entry.data.conversations.filter((c) => c.id !== conversation.id);
    const conversations = [conversation, ...others].sort((a, b) =>
      a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0,
    );
    this.put(conversation.customer.id, { ...entry, data: { ...entry.data, conversations } });
  }

  private put(customerId: string, entry: ProfileEntry): void {
    this.store.set((s) => ({ byCustomer: { ...s.byCustomer, [customerId]: entry } }));
  }
}
