import { Injectable } from '@nestjs/common';
import type { WebhookBody, WebhookEvent } from '@switchboard/protocol';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { toMessage } from '../message-store/message.mapper';
import { MessagesRepository } from '../message-store/messages.repository';
import type { NewDelivery } from './webhook-deliveries.repository';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import type { WebhookRecord } from '../webhook-store/schemas/webhook.schema';

/** How many outbox documents one pass takes from each collection. */
const CONVERSATIONS_PER_PASS = 100;
const MESSAGES_PER_PASS = 500;

interface RelayedEvent {
  id: string;
  event: WebhookEvent;
  conversationId: string;
  at: Date;
  data: unknown;
}

/**
 * Moves webhook events from where the change wrote them (a conversation's `webhookOutbox`, a message's
 * `webhookPendingAt`) to webhook_deliveries, one delivery per subscribed webhook, and only then clears them at the
 * source. A crash between the two repeats the copy, which inserts nothing new (deliveries' _id is event:webhook).
 */
@Injectable()
export class WebhookRelay {
  constructor(
    private readonly conversations: ConversationsRepository,
    private readonly messages: MessagesRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
  ) {}

  /** One pass; true when it took everything there was (nothing older than its start is left at the sources). */
  async relay(webhooks: WebhookRecord[]): Promise<boolean> {
    const withOutbox = await this.conversations.listWebhookOutbox(CONVERSATIONS_PER_PASS);
    for (const c of withOutbox) {
      const entries = c.webhookOutbox ?? [];
      await this.deliveries.insertOnce(
        entries.flatMap((e) =>
          deliveriesOf(webhooks, {
            id: e.id,
            event: e.event,
            conversationId: c._id,
            at: new Date(e.at),
            data: e.data,
          }),
        ),
      );
      await this.conversations.pullWebhookOutbox(
        c._id,
        entries.map((e) => e.id),
      );
    }
    const pending = await this.messages.listWebhookPending(MESSAGES_PER_PASS);
    await this.deliveries.insertOnce(
      pending.flatMap((m) =>
        deliveriesOf(webhooks, {
          id: m._id.toHexString(),
          event: 'message.created',
          conversationId: m.conversationId,
          at: new Date(m.createdAt),
          data: { message: toMessage(m) },
        }),
      ),
    );
    await this.messages.clearWebhookPending(pending.map((m) => m._id));
    return withOutbox.length < CONVERSATIONS_PER_PASS && pending.length < MESSAGES_PER_PASS;
  }
}

function deliveriesOf(webhooks: WebhookRecord[], e: RelayedEvent): NewDelivery[] {
  const body: WebhookBody<unknown> = {
    id: e.id,
    event: e.event,
    createdAt: e.at.toISOString(),
    data: e.data,
  };
  const raw = JSON.stringify(body);
  return webhooks
    .filter((w) => w.events.includes(e.event))
    .map((w) => ({
      _id: `${e.id}:${w._id.toHexString()}`,
      webhookId: w._id.toHexString(),
      eventId: e.id,
      event: e.event,
      conversationId: e.conversationId,
      eventAt: e.at,
      body: raw,
      nextAttemptAt: e.at,
    }));
}
