import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  CLIENT_EVENTS,
  LIMITS,
  NAMESPACES,
  SERVER_EVENTS,
  type Ack,
  type AgentClientEvents,
  type Attachment,
  type AttachmentLink,
  type Conversation,
  type CustomerClientEvents,
  type HandshakeRefusal,
  type Message,
  type ServerPushEvents,
  type SyncResult,
} from '@switchboard/protocol';
import { Outbox, type KeyValueStorage, type PendingMessage } from './outbox';
import { apiRequest, joinUrl } from './rest';
import { SequenceTracker } from './sequence-tracker';
import { SwitchboardError, isRetryable } from './switchboard-error';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'unauthorized';

type AllClientEvents = CustomerClientEvents & AgentClientEvents;
export type RequestEvent = keyof AllClientEvents;
type PayloadOf<E extends RequestEvent> = Parameters<AllClientEvents[E]>[0];
type AnswerOf<E extends RequestEvent> =
  NonNullable<Parameters<AllClientEvents[E]>[1]> extends (answer: Ack<infer R>) => void ? R : never;

/** Everything a client can listen to: the server's pushes plus what the SDK itself reports. */
export type ClientEventMap = {
  [E in keyof ServerPushEvents]: Parameters<ServerPushEvents[E]>[0];
} & {
  connection: ConnectionState;
  message: Message;
  outbox: PendingMessage[];
};

export interface SwitchboardClientOptions {
  /** Gateway origin, e.g. `https://chat.example.com`; '' means the page's own origin. */
  url: string;
  namespace: 'customer' | 'agent';
  token: string;
  ackTimeoutMs?: number;
  /** Persists the offline outbox (e.g. localStorage). */
  storage?: KeyValueStorage;
  storageKey?: string;
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

export type SendBody = (
  | { kind?: 'text'; text: string; attachmentId?: undefined }
  | { kind: 'image' | 'file'; attachmentId: string; text?: string }
) & {
  /** PROTOCOL section 8: the seq of the message this one quotes. */
  replyToSeq?: number;
};

/**
 * What an app uses of the client to follow conversations: the apps type their dependency with it, and unit
 * tests hand in a fake of this shape (`FakeClient` in `@switchboard/client/testing`).
 */
export type ClientApi = Pick<
  SwitchboardClient,
  | 'connection'
  | 'connect'
  | 'close'
  | 'on'
  | 'request'
  | 'send'
  | 'pending'
  | 'retry'
  | 'discard'
  | 'track'
  | 'untrack'
  | 'history'
  | 'conversation'
  | 'upload'
  | 'fetchAttachment'
  | 'attachmentLink'
>;

const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000];
const REFUSED_RETRY_MS = 2000;
const REFUSED_RETRY_MAX_MS = 60_000;

function newClientMsgId(): string {
  const cryptoApi = globalThis.crypto;
  if (cryptoApi?.randomUUID) return cryptoApi.randomUUID();
  const bytes = new Uint8Array(16);
  cryptoApi.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A typed socket.io client that keeps PROTOCOL.md section 7's promises: acks with timeouts, sends retried
 * under the same clientMsgId, an offline outbox sent in order, catch-up with messages.sync after every
 * reconnect, and every message delivered once, in seq order.
 */
export class SwitchboardClient {
  private socket: Socket | null = null;
  private state: ConnectionState = 'disconnected';
  private readonly listeners = new Map<keyof ClientEventMap, Set<(value: never) => void>>();
  private readonly sequences = new SequenceTracker();
  private readonly outboxStore: Outbox;
  private readonly syncing = new Map<string, Promise<void>>();
  private flushing = false;
  private closed = false;
  /** The server ended this session (`session.revoked`): its token is refused from now on, so no reconnecting. */
  private revoked = false;
  /** Handshakes refused in a row (the retry backs off). */
  private refusals = 0;

  constructor(private readonly options: SwitchboardClientOptions) {
    this.outboxStore = new Outbox(
      options.storage,
      `${options.storageKey ?? 'switchboard'}:${options.namespace}:outbox`,
    );
  }

  get connection(): ConnectionState {
    return this.state;
  }

  get token(): string {
    return this.options.token;
  }

  connect(): void {
    if (this.socket) return;
    this.closed = false;
    const namespace = NAMESPACES[this.options.namespace];
    const socket = io(`${this.options.url}${namespace}`, {
      auth: { token: this.options.token },
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      ...this.options.socketOptions,
    });
    this.socket = socket;
    this.setState('connecting');

    socket.on('connect', () => {
      this.refusals = 0;
      this.setState('connected');
      void this.catchUp();
    });
    socket.on('disconnect', (reason) => {
      if (this.closed || this.revoked) return;
      this.setState('connecting');
      // socket.io does not come back by itself after a server-side disconnect (a gateway shutting down,
      // a node being drained): reconnect anyway, after a jittered pause.
      if (reason === 'io server disconnect') {
        const base = this.options.socketOptions?.reconnectionDelay ?? 500;
        setTimeout(
          () => {
            if (!this.closed && this.socket === socket) socket.connect();
          },
          base + Math.random() * base,
        );
      }
    });
    socket.on('connect_error', (error: Error & { data?: Partial<HandshakeRefusal> }) => {
      if (error.data?.code === 'unauthorized' || error.message === 'unauthorized') {
        this.setState('unauthorized');
        return;
      }
      this.setState('connecting');
      // socket.io gives up on a handshake the server refused (too many tabs open: rate_limited with reason
      // too_many_sockets; a server error): try again later, backing off, until a slot frees up.
      if (!socket.active) {
        const delay = Math.min(REFUSED_RETRY_MAX_MS, REFUSED_RETRY_MS * 2 ** this.refusals++);
        setTimeout(
          () => {
            if (!this.closed && this.socket === socket && !socket.connected) socket.connect();
          },
          delay * (0.5 + Math.random() / 2),
        );
      }
    });
    socket.on(SERVER_EVENTS.messageNew, (message: Message) => this.receive(message));
    for (const event of Object.values(SERVER_EVENTS)) {
      if (event === SERVER_EVENTS.messageNew) continue;
      socket.on(event, (payload: unknown) => this.emitLocal(event, payload as never));
    }
    // After the listeners heard the reason: the app needs a new token (sign in again, or a fresh customer token).
    socket.on(SERVER_EVENTS.sessionRevoked, () => {
      this.revoked = true;
      this.setState('unauthorized');
    });
  }

  close(): void {
    this.closed = true;
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.setState('disconnected');
  }

  on<E extends keyof ClientEventMap>(event: E, handler: (value: ClientEventMap[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(handler as (value: never) => void);
    this.listeners.set(event, set);
    return () => set.delete(handler as (value: never) => void);
  }

  /** Sends one event and resolves with the ack's `data`; rejects with a SwitchboardError. */
  async request<E extends RequestEvent>(
    event: E,
    payload: PayloadOf<E>,
    timeoutMs?: number,
  ): Promise<AnswerOf<E>> {
    const socket = this.socket;
    if (!socket) throw new SwitchboardError('network', 'not connected: call connect() first');
    let answer: Ack<AnswerOf<E>>;
    try {
      answer = await socket
        .timeout(timeoutMs ?? this.options.ackTimeoutMs ?? 8000)
        .emitWithAck(event, payload);
    } catch {
      throw new SwitchboardError('timeout', `no answer to ${event} in time`);
    }
    if (!answer || typeof answer !== 'object')
      throw new SwitchboardError('internal', `malformed answer to ${event}`);
    if (!answer.ok) throw SwitchboardError.fromAck(answer.error);
    return answer.data;
  }

  /** Queues a message; it is sent (in order, retried under the same clientMsgId) as soon as possible. */
  send(conversationId: string, body: SendBody): PendingMessage {
    const entry: PendingMessage = {
      clientMsgId: newClientMsgId(),
      conversationId,
      kind: body.kind ?? 'text',
      text: body.text ?? null,
      attachmentId: body.attachmentId ?? null,
      ...(body.replyToSeq !== undefined ? { replyToSeq: body.replyToSeq } : {}),
      createdAt: new Date().toISOString(),
      status: 'queued',
    };
    this.outboxStore.add(entry);
    this.emitLocal('outbox', this.outboxStore.list());
    void this.flush();
    return entry;
  }

  pending(conversationId?: string): PendingMessage[] {
    return this.outboxStore.list(conversationId);
  }

  retry(clientMsgId: string): void {
    this.outboxStore.update(clientMsgId, { status: 'queued', error: undefined });
    this.emitLocal('outbox', this.outboxStore.list());
    void this.flush();
  }

  discard(clientMsgId: string): void {
    if (this.outboxStore.remove(clientMsgId)) this.emitLocal('outbox', this.outboxStore.list());
  }

  /** Follows a conversation from `lastSeq`: after every reconnect what came after it is fetched. */
  track(conversationId: string, lastSeq = 0): void {
    this.sequences.track(conversationId, lastSeq);
    if (this.state === 'connected') void this.syncConversation(conversationId);
  }

  untrack(conversationId: string): void {
    this.sequences.untrack(conversationId);
  }

  lastSeq(conversationId: string): number {
    return this.sequences.lastSeq(conversationId);
  }

  /** `includeRecalled` (supervisors, section 8): recalled messages come with their original text and `recalled`. */
  history(
    conversationId: string,
    query: { beforeSeq?: number; limit?: number; includeRecalled?: boolean } = {},
  ): Promise<Message[]> {
    const params = new URLSearchParams();
    if (query.beforeSeq !== undefined) params.set('beforeSeq', String(query.beforeSeq));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.includeRecalled) params.set('includeRecalled', 'true');
    const suffix = params.size > 0 ? `?${params.toString()}` : '';
    return this.api<{ messages: Message[] }>(
      `/api/conversations/${encodeURIComponent(conversationId)}/messages${suffix}`,
    ).then((body) => body.messages);
  }

  conversation(conversationId: string): Promise<Conversation> {
    return this.api(`/api/conversations/${encodeURIComponent(conversationId)}`);
  }

  async upload(file: Blob, name: string): Promise<Attachment> {
    const form = new FormData();
    form.append('file', file, name);
    const body = await this.api<{ attachment: Attachment }>('/api/attachments', {
      method: 'POST',
      body: form,
    });
    return body.attachment;
  }

  /** Attachments need the bearer token, so they are fetched as a Blob (use URL.createObjectURL to show one). */
  fetchAttachment(attachment: Pick<Attachment, 'id'>): Promise<Blob> {
    return this.api(`/api/attachments/${encodeURIComponent(attachment.id)}`);
  }

  /**
   * A short-lived absolute URL that downloads the attachment without a header: for a plain download link (the
   * browser streams the file to disk instead of holding it as a Blob). Ask for one per download; it expires.
   */
  async attachmentLink(attachment: Pick<Attachment, 'id'>): Promise<AttachmentLink> {
    const link = await this.api<AttachmentLink>(`/api/attachments/${encodeURIComponent(attachment.id)}/link`, {
      method: 'POST',
    });
    return { ...link, url: joinUrl(this.options.url, link.url) };
  }

  api<T>(path: string, init: RequestInit = {}): Promise<T> {
    return apiRequest<T>(this.options.url, path, { ...init, token: this.options.token });
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.emitLocal('connection', state);
  }

  private emitLocal<E extends keyof ClientEventMap>(event: E, value: ClientEventMap[E]): void {
    for (const handler of this.listeners.get(event) ?? []) {
      try {
        (handler as (value: ClientEventMap[E]) => void)(value);
      } catch (error) {
        console.error(`switchboard: a '${String(event)}' listener threw`, error);
      }
    }
  }

  private receive(message: Message): void {
    const { arrival, ready } = this.sequences.accept(message);
    for (const deliverable of ready) this.emitLocal('message', deliverable);
    if (arrival === 'gap') void this.syncConversation(message.conversationId);
  }

  private async catchUp(): Promise<void> {
    await Promise.all(this.sequences.tracked().map((id) => this.syncConversation(id)));
    await this.flush();
  }

  /** Fetches everything after the last delivered seq, page by page; one sync per conversation at a time. */
  private syncConversation(conversationId: string): Promise<void> {
    const running = this.syncing.get(conversationId);
    if (running) return running;
    const task = (async () => {
      for (let page = 0; page < 1000 && this.state === 'connected'; page++) {
        const afterSeq = this.sequences.lastSeq(conversationId);
        let result: SyncResult;
        try {
          result = await this.request(CLIENT_EVENTS.messagesSync, {
            conversationId,
            afterSeq,
            limit: LIMITS.syncMax,
          });
        } catch {
          return; // The next reconnect (or gap) syncs again.
        }
        for (const message of result.messages) this.receive(message);
        if (result.messages.length === 0 || this.sequences.lastSeq(conversationId) >= result.lastSeq) return;
      }
    })().finally(() => this.syncing.delete(conversationId));
    this.syncing.set(conversationId, task);
    return task;
  }

  /** Sends the outbox in order. Stops while disconnected; the next connect resumes it. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      let attempt = 0;
      for (
        let entry = this.outboxStore.next();
        entry && this.state === 'connected';
        entry = this.outboxStore.next()
      ) {
        this.outboxStore.update(entry.clientMsgId, { status: 'sending' });
        this.emitLocal('outbox', this.outboxStore.list());
        try {
          const message = await this.request(CLIENT_EVENTS.messageSend, {
            conversationId: entry.conversationId,
            clientMsgId: entry.clientMsgId,
            kind: entry.kind,
            ...(entry.text !== null ? { text: entry.text } : {}),
            ...(entry.attachmentId !== null ? { attachmentId: entry.attachmentId } : {}),
            ...(entry.replyToSeq !== undefined ? { replyToSeq: entry.replyToSeq } : {}),
          });
          attempt = 0;
          this.outboxStore.remove(entry.clientMsgId);
          this.receive(message);
        } catch (error) {
          const failure =
            error instanceof SwitchboardError ? error : new SwitchboardError('internal', String(error));
          if (isRetryable(failure)) {
            this.outboxStore.update(entry.clientMsgId, { status: 'queued' });
            this.emitLocal('outbox', this.outboxStore.list());
            await sleep(RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]);
            attempt += 1;
            continue;
          }
          this.outboxStore.update(entry.clientMsgId, {
            status: 'failed',
            error: {
              code: failure.code === 'timeout' || failure.code === 'network' ? 'internal' : failure.code,
              message: failure.message,
            },
          });
        }
        this.emitLocal('outbox', this.outboxStore.list());
      }
    } finally {
      this.flushing = false;
    }
    // Something may have been queued while the last send was in flight.
    if (this.state === 'connected' && this.outboxStore.next() && !this.flushing) void this.flush();
  }
}
