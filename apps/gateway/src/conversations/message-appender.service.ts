import { Inject, Injectable } from '@nestjs/common';
import type { Attachment, MessageKind, ReplyTo, Sender, SystemMessage } from '@switchboard/protocol';
import { DomainError, isDuplicateKeyError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { messageSearchKeys, previewOf } from '../message-store/message.mapper';
import { MessagesRepository } from '../message-store/messages.repository';
import type { StoredMessage } from '../message-store/schemas/message.schema';
import { Clock } from '../common/clock';
import { MetricsService } from '../metrics/metrics.service';
import { ConversationsRepository, type RecordingOf } from './conversations.repository';
import type { ConversationRecord } from './schemas/conversation.schema';

export interface MessageDraft {
  clientMsgId: string | null;
  sender: Sender;
  kind: MessageKind;
  text: string | null;
  attachment: Attachment | null;
  system?: SystemMessage;
  /** Section 8: the quoted message. */
  replyTo?: ReplyTo;
}

export interface Appended {
  message: StoredMessage;
  conversation: ConversationRecord;
  /** true when the clientMsgId was already stored: nothing new was written. */
  duplicate: boolean;
}

const MAX_ATTEMPTS = 50;

/** How many conversations' last recorded state an appender remembers (a few MiB at most). */
const RECORDED_ENTRIES = 10_000;

/**
 * Gapless per-conversation seq without transactions:
 * 1. insert the message at seq = (conversation.lastSeq + 1); the unique {conversationId, seq} index lets only one
 *    writer have a seq, and a message is only ever inserted right after an existing one, so seqs stay dense;
 *    on a clash we re-read the highest stored seq and try the next one. The unique
 *    {conversationId, sender.id, clientMsgId} index makes a retried send find the stored message instead.
 * 2. record it on the conversation (lastSeq, lastMessage, unread $inc) with a filter on lastSeq = seq - 1, so each
 *    message is counted exactly once. If a writer crashed between 1 and 2, the next writer applies the orphan first
 *    ("catch-up"), so the conversation never skips a message and clients never see a gap.
 * The message is durable (journaled) once step 1 returns; the ack waits for step 2 as well.
 * Within this process, appends to one conversation run one after another and start from the seq the last one
 * recorded (remembered for the most recently written conversations, since a caller's read may predate an append that
 * has just finished): concurrent senders (customer and agent) then never clash on a seq, so there are no retries,
 * re-reads or catch-ups on the hot path. The indexes and conditional updates above stay the guarantee (other
 * gateways, crashes).
 */
@Injectable()
export class MessageAppender {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly conversations: ConversationsRepository,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Per conversation with appends in flight: the tail of its chain of appends. */
  private readonly lanes = new Map<string, Promise<unknown>>();
  /** The conversation as this process last recorded on it, for the most recently written ones (oldest first out). */
  private readonly recorded = new Map<string, ConversationRecord>();

  append(conversation: ConversationRecord, draft: MessageDraft): Promise<Appended> {
    const id = conversation._id;
    const run = (this.lanes.get(id) ?? Promise.resolve()).then(async () => {
      const appended = await this.appendNow(conversation, draft, this.recorded.get(id) ?? null);
      this.remember(appended.conversation);
      return appended;
    });
    const tail = run.catch(() => undefined);
    this.lanes.set(id, tail);
    // The lane is dropped once its last append is done, so idle conversations cost nothing.
    void tail.then(() => {
      if (this.lanes.get(id) === tail) this.lanes.delete(id);
    });
    return run;
  }

  private remember(conversation: ConversationRecord): void {
    const id = conversation._id;
    const known = this.recorded.get(id);
    if (known && known.lastSeq >= conversation.lastSeq) return;
    // Map keeps insertion order: re-inserting makes this the most recently written.
    this.recorded.delete(id);
    this.recorded.set(id, conversation);
    if (this.recorded.size > RECORDED_ENTRIES) this.recorded.delete(this.recorded.keys().next().value as string);
  }

  private async appendNow(
    conversation: ConversationRecord,
    draft: MessageDraft,
    recorded: ConversationRecord | null,
  ): Promise<Appended> {
    // What the conversation is known to hold: a later append of this process may know more than the caller's read.
    let known = recorded && recorded.lastSeq > conversation.lastSeq ? recorded : conversation;
    let seq = known.lastSeq + 1;
    const searchKeys = messageSearchKeys(draft);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      let stored: StoredMessage;
      try {
        const createdAt = this.clock.now();
        stored = await this.messages.insert({
          ...asStored(draft),
          conversationId: conversation._id,
          seq,
          createdAt,
          searchKeys,
          // Its message.created for webhooks, in the same insert (docs/webhooks.md).
          webhookPendingAt: createdAt,
          // Section 8: when the sender's Recall goes away (clients show it until then; the rule itself is recall's).
          ...(draft.sender.type === 'system' ? {} : { recallableUntil: new Date(createdAt.getTime() + this.config.recallWindowS * 1000) }),
        });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        if (draft.clientMsgId) {
          const existing = await this.messages.findByClientMsgId(
            conversation._id,
            draft.sender.id,
            draft.clientMsgId,
          );
          if (existing)
            return { message: existing, conversation: await this.catchUp(existing), duplicate: true };
        }
        seq = (await this.messages.maxSeq(conversation._id)) + 1;
        known = conversation;
        continue;
      }
      this.metrics.messagesStored.inc({ kind: draft.kind });
      return { message: stored, conversation: await this.catchUp(stored, known), duplicate: false };
    }
    throw new DomainError('internal', 'could not allocate a message sequence number');
  }

  /** Makes sure the conversation has recorded every message up to `target.seq`, applying any left behind. */
  async catchUp(target: StoredMessage, known?: ConversationRecord): Promise<ConversationRecord> {
    let current: ConversationRecord | null = known ?? null;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      current ??= await this.conversations.findById(target.conversationId);
      if (!current) throw new DomainError('not_found', 'conversation not found');
      if (current.lastSeq >= target.seq) return current;
      const pending =
        current.lastSeq === target.seq - 1
          ? [target]
          : await this.messages.range(target.conversationId, current.lastSeq, 500, target.seq);
      let progressed = false;
      for (const message of pending) {
        const applied = await this.conversations.recordMessage(
          message.conversationId,
          message.seq,
          recordingOf(message),
          current,
        );
        if (!applied) break; // someone else recorded it first: re-read and continue from there
        current = applied;
        progressed = true;
      }
      if (!progressed) current = null;
    }
    throw new DomainError('internal', 'could not record the message on its conversation');
  }
}

/** The draft as stored: `system` only on system messages and `replyTo` only on quotes, so others carry no empty field. */
function asStored(draft: MessageDraft): Omit<MessageDraft, 'system' | 'replyTo'> & { system?: SystemMessage; replyTo?: ReplyTo } {
  const { system, replyTo, ...rest } = draft;
  return { ...rest, ...(system ? { system } : {}), ...(replyTo ? { replyTo } : {}) };
}

/** What recording a stored message changes on its conversation besides lastSeq. */
function recordingOf(message: StoredMessage): RecordingOf {
  const recording: RecordingOf = {
    lastMessage: previewOf(message),
    unreadField: unreadFieldFor(message),
    senderId: message.sender.id,
  };
  if (message.sender.type === 'system' && message.clientMsgId) recording.systemKey = message.clientMsgId;
  if (message.system?.code === 'close_proposed') recording.closeProposal = true;
  return recording;
}

/** A customer's message is unread for the assignee, an agent's for the customer; system messages count for no one. */
export function unreadFieldFor(message: Pick<StoredMessage, 'sender'>): 'customer' | 'agent' | null {
  if (message.sender.type === 'customer') return 'agent';
  if (message.sender.type === 'agent') return 'customer';
  return null;
}
