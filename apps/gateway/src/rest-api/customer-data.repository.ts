import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ERASED_CUSTOMER_NAME } from '@switchboard/protocol';
import { Types, type Model } from 'mongoose';
import { AttachmentRecord, type StoredAttachment } from '../attachments/schemas/attachment.schema';
import { ConversationRecord } from '../conversations/schemas/conversation.schema';
import { MessageRecord, type StoredMessage } from '../message-store/schemas/message.schema';
import { NoteRecord, type StoredNote } from '../notes/schemas/note.schema';
import { User } from '../users/schemas/user.schema';
import { WebhookDeliveryRecord } from '../webhooks/schemas/webhook-delivery.schema';

/** Reads a conversation's messages or notes in pages of this size (a transcript or an export holds them all). */
const PAGE = 500;

/**
 * What an export reads and an erasure changes across collections (conversations, messages, notes, users,
 * attachments): kept together so that the erasure's list of places is the one place to extend.
 */
@Injectable()
export class CustomerDataRepository {
  constructor(
    @InjectModel(ConversationRecord.name) private readonly conversations: Model<ConversationRecord>,
    @InjectModel(MessageRecord.name) private readonly messages: Model<MessageRecord>,
    @InjectModel(NoteRecord.name) private readonly notes: Model<NoteRecord>,
    @InjectModel(User.name) private readonly users: Model<User>,
    @InjectModel(AttachmentRecord.name) private readonly attachments: Model<AttachmentRecord>,
    @InjectModel(WebhookDeliveryRecord.name) private readonly deliveries: Model<WebhookDeliveryRecord>,
  ) {}

  /** Every conversation of the customer, newest first. */
  conversationsOf(customerId: string): Promise<ConversationRecord[]> {
    return this.conversations
      .find({ customerId })
      .sort({ createdAt: -1, _id: -1 })
      .lean<ConversationRecord[]>()
      .exec();
  }

  /** Every message of a conversation, oldest first. */
  async allMessages(conversationId: string): Promise<StoredMessage[]> {
    const all: StoredMessage[] = [];
    for (let after = 0; ;) {
      const page = await this.messages
        .find({ conversationId, seq: { $gt: after } })
        .sort({ seq: 1 })
        .limit(PAGE)
        .lean<StoredMessage[]>()
        .exec();
      all.push(...page);
      if (page.length < PAGE) return all;
      after = page[page.length - 1].seq;
    }
  }

  /** Every note of a conversation, oldest first. */
  allNotes(conversationId: string): Promise<StoredNote[]> {
    return this.notes.find({ conversationId }).sort({ createdAt: 1, _id: 1 }).lean<StoredNote[]>().exec();
  }

  uploadsOf(customerId: string): Promise<StoredAttachment[]> {
    return this.attachments
      .find({ uploaderId: customerId })
      .sort({ createdAt: 1 })
      .lean<StoredAttachment[]>()
      .exec();
  }

  /** Ids of the files the messages of these conversations hold. */
  async attachmentIdsIn(conversationIds: string[]): Promise<string[]> {
    const held = await this.messages
      .find(
        { conversationId: { $in: conversationIds }, 'attachment.id': { $type: 'string' } },
        { 'attachment.id': 1 },
      )
      .lean<Array<Pick<StoredMessage, 'attachment'>>>()
      .exec();
    return held.map((m) => m.attachment?.id).filter((id): id is string => typeof id === 'string');
  }

  /**
   * The erasure's changes to the records (files are removed by the caller, through the attachments service):
   * - the customer's account keeps its id (conversations refer to it) and nothing else about them: name, e-mail,
   *   segment, attributes, page and browser, verified id, visitorId hash, block; its tokens stop working;
   * - their conversations keep states, times, numbers, labels and rating scores, lose the customer's name, e-mail,
   *   pre-chat values, preview, search keys and rating comment;
   * - every message of those conversations loses text, attachment, quote and search keys (an agent's reply may
   *   repeat the customer's words or name), and the customer's own lose their sender name; notes lose their text;
   * - the webhook events of those conversations still waiting in their outbox, and their webhook deliveries (each
   *   keeps the body it sent), are removed.
   * Each step is one update, so a repeated erasure finishes what a failed one started.
   */
  async erase(customerId: string, conversationIds: string[], now: Date): Promise<{ messages: number }> {
    await this.users
      .updateOne(
        { _id: new Types.ObjectId(customerId), role: 'customer' },
        {
          $set: {
            name: ERASED_CUSTOMER_NAME,
            contactEmail: null,
            type: null,
            attributes: null,
            visitor: null,
            externalUserId: null,
            visitorIdHash: null,
            block: null,
            deletedAt: now,
            revokedReason: 'deleted',
          },
          $inc: { tokenVersion: 1 },
        },
      )
      .exec();
    await this.conversations
      .updateMany(
        { customerId },
        {
          $set: {
            customer: { id: customerId, name: ERASED_CUSTOMER_NAME, type: null, email: null },
            fields: {},
            lastMessage: null,
            // events not yet relayed carry the customer's name and email
            webhookOutbox: [],
          },
          $unset: { searchKeys: '' },
        },
      )
      .exec();
    await this.conversations
      .updateMany({ customerId, 'rating.score': { $gte: 0 } }, { $set: { 'rating.comment': null } })
      .exec();
    const inThem = { conversationId: { $in: conversationIds } };
    const erased = await this.messages
      .updateMany(inThem, {
        $set: { text: null, attachment: null, replyTo: null },
        $unset: { searchKeys: '' },
      })
      .exec();
    await this.messages
      .updateMany({ ...inThem, 'sender.id': customerId }, { $set: { 'sender.name': ERASED_CUSTOMER_NAME } })
      .exec();
    await this.notes.updateMany(inThem, { $set: { text: '', mentions: [] } }).exec();
    // Webhook deliveries keep the bodies they sent (names, emails, messages' text): those of these conversations go.
    await this.deliveries.deleteMany(inThem).exec();
    return { messages: erased.modifiedCount };
  }
}
