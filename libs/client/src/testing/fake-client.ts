import type { Attachment, AttachmentLink, Conversation, Message } from '@switchboard/protocol';
import type { ClientEventMap, ConnectionState, RequestEvent, SendBody } from '../switchboard-client';
import type { PendingMessage } from '../outbox';
import { SwitchboardError } from '../switchboard-error';

type Answer = (payload: Record<string, unknown>) => unknown;

/**
 * A stand-in for the SDK client in unit tests of what is built on it (threads, stores): it keeps a
 * conversation's stored messages for `history`, records what was sent and tracked, and emits the SDK's events
 * on demand. A fake of our own client's interface, not of socket.io.
 */
export class FakeClient {
  connection: ConnectionState = 'disconnected';
  /** Answers to `request`, by event; an event without one is refused as not_found. */
  answers: Partial<Record<RequestEvent, Answer>> = {};
  readonly requests: Array<{ event: RequestEvent; payload: Record<string, unknown> }> = [];
  /** Conversations `conversation(id)` answers with. */
  readonly conversations = new Map<string, Conversation>();
  readonly retried: string[] = [];
  readonly discarded: string[] = [];
  closed = false;
  /** What the server holds, per conversation, for `history`. */
  readonly stored = new Map<string, Message[]>();
  readonly sent: Array<{ conversationId: string; body: SendBody }> = [];
  readonly historyCalls: Array<{ conversationId: string; beforeSeq?: number; limit?: number; includeRecalled?: boolean }> = [];
  readonly tracked: Array<{ conversationId: string; lastSeq: number }> = [];
  readonly untracked: string[] = [];
  outbox: PendingMessage[] = [];
  /** The next `history` calls fail with these, in order. */
  historyFailures: Error[] = [];
  upload: (file: Blob, name: string) => Promise<Attachment> = async (file, name) => ({
    id: `att-${name}`,
    name,
    mime: file.type || 'application/octet-stream',
    size: file.size,
    md5: 'd41d8cd98f00b204e9800998ecf8427e',
    url: `/api/attachments/att-${name}`,
  });
  private readonly handlers = new Map<string, Set<(value: never) => void>>();

  on<E extends keyof ClientEventMap>(event: E, handler: (value: ClientEventMap[E]) => void): () => void {
    const set = this.handlers.get(event) ?? new Set();
    set.add(handler as (value: never) => void);
    this.handlers.set(event, set);
    return () => set.delete(handler as (value: never) => void);
  }

  emit<E extends keyof ClientEventMap>(event: E, value: ClientEventMap[E]): void {
    this.handlers.get(event)?.forEach((handler) => (handler as (value: ClientEventMap[E]) => void)(value));
  }

  /** Plays the SDK's connection changes. */
  setConnection(state: ConnectionState): void {
    this.connection = state;
    this.emit('connection', state);
  }

  connect(): void {
    this.closed = false;
  }

  close(): void {
    this.closed = true;
    this.connection = 'disconnected';
  }

  async request(event: RequestEvent, payload: Record<string, unknown>): Promise<never> {
    this.requests.push({ event, payload });
    const answer = this.answers[event];
    if (!answer) throw new SwitchboardError('not_found', `no answer for ${event}`);
    return (await answer(payload)) as never;
  }

  requestsOf(event: RequestEvent): Array<Record<string, unknown>> {
    return this.requests.filter((r) => r.event === event).map((r) => r.payload);
  }

  async conversation(id: string): Promise<Conversation> {
    const found = this.conversations.get(id);
    if (!found) throw new SwitchboardError('not_found', 'no such conversation');
    return found;
  }

  retry(clientMsgId: string): void {
    this.retried.push(clientMsgId);
  }

  discard(clientMsgId: string): void {
    this.discarded.push(clientMsgId);
    this.outbox = this.outbox.filter((entry) => entry.clientMsgId !== clientMsgId);
    this.emit('outbox', this.outbox);
  }

  async fetchAttachment(): Promise<Blob> {
    return new Blob();
  }

  async attachmentLink(attachment: Pick<Attachment, 'id'>): Promise<AttachmentLink> {
    return {
      url: `http://gateway.test/api/attachments/${attachment.id}/signed`,
      expiresAt: new Date(0).toISOString(),
    };
  }

  listenerCount(event: keyof ClientEventMap): number {
    return this.handlers.get(event)?.size ?? 0;
  }

  async history(
    conversationId: string,
    query: { beforeSeq?: number; limit?: number; includeRecalled?: boolean } = {},
  ): Promise<Message[]> {
    this.historyCalls.push({ conversationId, ...query });
    const failure = this.historyFailures.shift();
    if (failure) throw failure;
    const all = (this.stored.get(conversationId) ?? []).filter(
      (message) => query.beforeSeq === undefined || message.seq < query.beforeSeq,
    );
    return all.slice(-(query.limit ?? 50));
  }

  send(conversationId: string, body: SendBody): PendingMessage {
    this.sent.push({ conversationId, body });
    const entry: PendingMessage = {
      clientMsgId: `sent-${this.sent.length}`,
      conversationId,
      kind: body.kind ?? 'text',
      text: body.text ?? null,
      attachmentId: body.attachmentId ?? null,
      ...(body.replyToSeq !== undefined ? { replyToSeq: body.replyToSeq } : {}),
      createdAt: new Date(0).toISOString(),
      status: 'queued',
    };
    this.outbox = [...this.outbox, entry];
    this.emit('outbox', this.outbox);
    return entry;
  }

  pending(conversationId?: string): PendingMessage[] {
    return this.outbox.filter((entry) => !conversationId || entry.conversationId === conversationId);
  }

  track(conversationId: string, lastSeq = 0): void {
    this.tracked.push({ conversationId, lastSeq });
  }

  untrack(conversationId: string): void {
    this.untracked.push(conversationId);
  }
}
