import type { AckError } from '@switchboard/protocol';

export type PendingStatus = 'queued' | 'sending' | 'failed';

export interface PendingMessage {
  clientMsgId: string;
  conversationId: string;
  kind: 'text' | 'image' | 'file';
  text: string | null;
  attachmentId: string | null;
  /** The quoted message's seq (section 8); absent when the message quotes nothing. */
  replyToSeq?: number;
  createdAt: string;
  status: PendingStatus;
  error?: AckError;
}

/** The minimal part of the Web Storage API the outbox needs (localStorage fits). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * Messages accepted from the user but not yet acknowledged by the server, in the order they were typed.
 * Persisted so that a reload while offline does not lose what was typed.
 */
export class Outbox {
  private entries: PendingMessage[];

  constructor(
    private readonly storage: KeyValueStorage | undefined,
    private readonly key: string,
  ) {
    this.entries = this.load();
  }

  list(conversationId?: string): PendingMessage[] {
    return this.entries.filter((entry) => !conversationId || entry.conversationId === conversationId);
  }

  add(entry: PendingMessage): void {
    this.entries.push(entry);
    this.save();
  }

  get(clientMsgId: string): PendingMessage | undefined {
    return this.entries.find((entry) => entry.clientMsgId === clientMsgId);
  }

  /** The oldest entry that still has to go out. */
  next(): PendingMessage | undefined {
    return this.entries.find((entry) => entry.status !== 'failed');
  }

  update(clientMsgId: string, change: Partial<PendingMessage>): void {
    this.entries = this.entries.map((entry) =>
      entry.clientMsgId === clientMsgId ? { ...entry, ...change } : entry,
    );
    this.save();
  }

  remove(clientMsgId: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => entry.clientMsgId !== clientMsgId);
    this.save();
    return this.entries.length !== before;
  }

  private load(): PendingMessage[] {
    try {
      const raw = this.storage?.getItem(this.key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      if (!Array.isArray(parsed)) return [];
      // A send interrupted by a reload is simply sent again: the server deduplicates by clientMsgId.
      return (parsed as PendingMessage[]).map((entry) =>
        entry.status === 'sending' ? { ...entry, status: 'queued' } : entry,
      );
    } catch {
      return [];
    }
  }

  private save(): void {
    try {
      if (this.entries.length === 0) this.storage?.removeItem(this.key);
      else this.storage?.setItem(this.key, JSON.stringify(this.entries));
    } catch {
      // Storage full or unavailable: the outbox still works in memory.
    }
  }
}
