import type { Message } from '@switchboard/protocol';

export type Arrival = 'deliver' | 'duplicate' | 'gap';

/**
 * Per conversation, the highest seq delivered without a gap. Decides whether an incoming message is new,
 * already seen, or ahead of a hole that a `messages.sync` must fill first.
 */
export class SequenceTracker {
  private readonly delivered = new Map<string, number>();
  private readonly early = new Map<string, Map<number, Message>>();

  isTracked(conversationId: string): boolean {
    return this.delivered.has(conversationId);
  }

  track(conversationId: string, lastSeq: number): void {
    const current = this.delivered.get(conversationId);
    if (current === undefined || lastSeq > current) this.delivered.set(conversationId, lastSeq);
  }

  untrack(conversationId: string): void {
    this.delivered.delete(conversationId);
    this.early.delete(conversationId);
  }

  tracked(): string[] {
    return [...this.delivered.keys()];
  }

  lastSeq(conversationId: string): number {
    return this.delivered.get(conversationId) ?? 0;
  }

  /**
   * Classifies a message. 'deliver' advances the marker; a 'gap' message is held back until the hole is
   * filled. Returns the messages now deliverable, in order (the message itself plus any held back).
   */
  accept(message: Message): { arrival: Arrival; ready: Message[] } {
    const { conversationId, seq } = message;
    if (!this.delivered.has(conversationId)) {
      // First sight of a conversation nobody asked to track: take it as the starting point.
      this.delivered.set(conversationId, seq - 1);
    }
    const last = this.delivered.get(conversationId) ?? 0;
    if (seq <= last) return { arrival: 'duplicate', ready: [] };
    if (seq > last + 1) {
      const held = this.early.get(conversationId) ?? new Map<number, Message>();
      held.set(seq, message);
      this.early.set(conversationId, held);
      return { arrival: 'gap', ready: [] };
    }
    const ready = [message];
    let next = seq;
    const held = this.early.get(conversationId);
    while (held?.has(next + 1)) {
      const following = held.get(next + 1) as Message;
      held.delete(next + 1);
      ready.push(following);
      next += 1;
    }
    this.delivered.set(conversationId, next);
    return { arrival: 'deliver', ready };
  }
}
