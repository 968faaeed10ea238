import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Conversation, Message, SystemCode } from '@switchboard/protocol';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ConversationsRepository } from '../conversations/conversations.repository';
import type { ConversationRecord } from '../conversations/schemas/conversation.schema';
import { MessagesRepository } from '../message-store/messages.repository';
import type { StoredMessage } from '../message-store/schemas/message.schema';
import { rooms } from '../realtime/rooms';
import { SocketServerRegistry } from '../realtime/socket-server.registry';
import type { UserRecord } from '../users/schemas/user.schema';
import { UsersRepository } from '../users/users.repository';
import { emailLocaleOf, renderFollowupEmail } from './email-templates';
import { EmailFollowupsRepository } from './email-followups.repository';
import type { EmailFollowupRecord } from './schemas/email-followup.schema';
import { Mailer } from './mailer.service';
import { ResumeLinks } from './resume-links.service';

/** The only system messages a customer is mailed: the agent closing (or proposing to close) the conversation. */
const MAILED_SYSTEM_CODES: ReadonlySet<SystemCode> = new Set(['close_proposed', 'closed_by_agent']);

/** How long a gateway holds a claimed email (longer than the mailer's timeouts); a crashed one's claim lapses. */
const CLAIM_MS = 2 * 60_000;

/** An agent's message to the customer, or the close; never a private note (those are no messages), never another system message. */
export function isMailable(message: Pick<Message, 'sender' | 'kind' | 'system'>): boolean {
  if (message.sender.type === 'agent') return message.kind !== 'system';
  return message.sender.type === 'system' && !!message.system && MAILED_SYSTEM_CODES.has(message.system.code);
}

/**
 * Issue 15's email follow-up (PROTOCOL section 9): an agent's reply to a customer who left an email and has no socket
 * connected waits EMAIL_FOLLOWUP_DELAY_SECONDS as a deadline in the database; then one gateway claims it and mails
 * every reply still unread in one email, in the customer's language, with a link that resumes the conversation.
 */
@Injectable()
export class EmailFollowupService {
  private readonly logger = new Logger('EmailFollowup');

  constructor(
    private readonly followups: EmailFollowupsRepository,
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly users: UsersRepository,
    private readonly mailer: Mailer,
    private readonly links: ResumeLinks,
    private readonly sockets: SocketServerRegistry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.mailer.enabled;
  }

  /** A message was stored: a reply for a customer who is away is written down, due after the delay. */
  async noteMessage(message: Message, conversation: Conversation): Promise<boolean> {
    if (!this.enabled || !isMailable(message)) return false;
    if (await this.customerConnected(conversation.customer.id)) return false;
    // The conversation's copy, or one the customer gave later (POST /api/auth/customer { email }).
    const email =
      conversation.customer.email ?? (await this.users.findById(conversation.customer.id))?.contactEmail;
    if (!email) return false;
    const dueAt = new Date(this.clock.now().getTime() + this.config.emailFollowupDelayS * 1000);
    await this.followups.addPending(
      conversation.id,
      conversation.customer.id,
      message.seq,
      message.id,
      dueAt,
    );
    return true;
  }

  /** The sweep: each due email is claimed by one gateway and sent (or dropped); answers how many were mailed. */
  async sendDue(now = this.clock.now()): Promise<number> {
    if (!this.enabled) return 0;
    let sent = 0;
    for (const due of await this.followups.listDue(now)) {
      const token = randomUUID();
      const claimed = await this.followups.claim(due._id, now, new Date(now.getTime() + CLAIM_MS), token);
      if (!claimed) continue; // another gateway has it
      try {
        if (await this.deliver(claimed, token, now)) sent++;
      } finally {
        // Replies that arrived while this one was being sent get their own deadline.
        await this.followups.scheduleIfIdle(
          claimed._id,
          new Date(now.getTime() + this.config.emailFollowupDelayS * 1000),
        );
      }
    }
    return sent;
  }

  private async deliver(claimed: EmailFollowupRecord, token: string, now: Date): Promise<boolean> {
    const handledSeqs = claimed.pendingSeqs;
    const [conversation, customer] = await Promise.all([
      this.conversations.findById(claimed._id),
      this.users.findById(claimed.customerId),
    ]);
    const address =
      customer && !customer.deletedAt && !customer.block
        ? (customer.contactEmail ?? conversation?.customer.email ?? null)
        : null;
    const replies = conversation && address ? await this.unreadReplies(conversation, claimed) : [];
    // Nobody to mail, nothing left unread, or the customer is back in the chat: nothing is sent.
    if (
      !conversation ||
      !customer ||
      !address ||
      replies.length === 0 ||
      (await this.customerConnected(claimed.customerId))
    ) {
      await this.followups.complete(claimed._id, token, { handledSeqs, now });
      return false;
    }
    const messageIds = replies.map((m) => m._id.toHexString());
    try {
      await this.mailer.send({
        to: address,
        ...(await this.render(conversation, customer, replies, now)),
        messageId: this.messageId(claimed._id, replies),
      });
    } catch (error) {
      const attempts = claimed.attempts + 1;
      if (attempts >= this.config.emailMaxAttempts) {
        await this.followups.complete(claimed._id, token, { handledSeqs, failedMessageIds: messageIds, now });
        this.logger.error({
          message: 'follow-up email given up',
          conversationId: claimed._id,
          attempts,
          error: String(error),
        });
      } else {
        const retryAt = new Date(now.getTime() + this.config.emailRetryBaseMs * 2 ** (attempts - 1));
        await this.followups.retryLater(claimed._id, token, retryAt, attempts, String(error));
        this.logger.warn({
          message: 'follow-up email failed; retrying',
          conversationId: claimed._id,
          attempts,
          retryAt,
          error: String(error),
        });
      }
      return false;
    }
    await this.followups.complete(claimed._id, token, { handledSeqs, sentMessageIds: messageIds, now });
    this.logger.log({
      message: 'follow-up email sent',
      conversationId: claimed._id,
      replies: messageIds.length,
    });
    return true;
  }

  /** The pending replies the customer has not read, not recalled and not been mailed yet. */
  private async unreadReplies(
    conversation: ConversationRecord,
    claimed: EmailFollowupRecord,
  ): Promise<StoredMessage[]> {
    const sent = new Set(claimed.sentMessageIds);
    const stored = await this.messages.findBySeqs(conversation._id, claimed.pendingSeqs);
    return stored.filter(
      (m) =>
        m.seq > conversation.reads.customer &&
        !m.recalledAt &&
        !sent.has(m._id.toHexString()) &&
        isMailable(m),
    );
  }

  private async render(
    conversation: ConversationRecord,
    customer: UserRecord,
    replies: StoredMessage[],
    now: Date,
  ) {
    const locale = emailLocaleOf(customer.locale, customer.visitor?.language);
    const token = await this.links.sign(
      { customerId: customer._id.toHexString(), conversationId: conversation._id },
      now,
    );
    const link = new URL('/widget/', this.publicOrigin());
    link.searchParams.set('locale', locale);
    link.hash = new URLSearchParams({ resume: token }).toString();
    return renderFollowupEmail({
      locale,
      customerName: customer.name,
      conversationNumber: conversation.number,
      replies: replies.map((m) => ({
        senderName: m.sender.name ?? null,
        text: m.text,
        attachmentName: m.attachment?.name ?? null,
        system: m.system ?? null,
      })),
      link: link.toString(),
      linkDays: Math.round(this.config.emailLinkTtlS / 86_400),
    });
  }

  private publicOrigin(): string {
    return this.config.publicUrl ?? `http://localhost:${this.config.port}`;
  }

  private messageId(conversationId: string, replies: StoredMessage[]): string {
    const host = new URL(this.publicOrigin()).hostname;
    return `<followup-${conversationId}-${replies.map((m) => m.seq).join('.')}@${host}>`;
  }

  /** Any socket of the customer on any gateway (the Redis adapter asks the others; without it, this one). */
  private async customerConnected(customerId: string): Promise<boolean> {
    const namespace = this.sockets.customer;
    if (!namespace) return false;
    try {
      return (await namespace.in(rooms.user(customerId)).fetchSockets()).length > 0;
    } catch (error) {
      this.logger.warn({
        message: 'could not tell whether the customer is connected',
        customerId,
        error: String(error),
      });
      return false;
    }
  }
}
