import { Inject, Injectable } from '@nestjs/common';
import {
  WEBHOOK_LIMITS,
  type CreateWebhookRequest,
  type Webhook,
  type WebhookDelivery,
} from '@switchboard/protocol';
import { badRequest, conflict, notFound } from '../common/domain-error';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { WebhookDeliveryRecord } from './schemas/webhook-delivery.schema';
import type { WebhookRecord } from '../webhook-store/schemas/webhook.schema';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { checkTargetHost, hostOf, parseTargetUrl, TargetRefused } from './webhook-targets';
import { WebhooksRepository } from '../webhook-store/webhooks.repository';

/** The supervisors' side of webhooks: add (with the target checks), list, delete, read a delivery log. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(): Promise<Webhook[]> {
    return (await this.webhooks.list()).map(toWebhook);
  }

  async create(request: CreateWebhookRequest, createdBy: string): Promise<Webhook> {
    try {
      const url = parseTargetUrl(request.url.trim());
      await checkTargetHost(hostOf(url), this.config.webhookAllowPrivate);
    } catch (error) {
      if (error instanceof TargetRefused) throw badRequest(error.message, { field: 'url' });
      throw error;
    }
    if ((await this.webhooks.count()) >= WEBHOOK_LIMITS.setMax)
      throw conflict(`there are already ${WEBHOOK_LIMITS.setMax} webhooks`);
    const created = await this.webhooks.create({
      url: request.url.trim(),
      events: [...request.events],
      secret: request.secret,
      createdBy,
      createdAt: this.clock.now(),
    });
    return toWebhook(created);
  }

  /** Deletes the webhook and its log; what it had pending is not sent. */
  async delete(id: string): Promise<void> {
    if (!(await this.webhooks.delete(id))) throw notFound('webhook');
    await this.deliveries.deleteForWebhook(id);
  }

  async deliveriesOf(id: string): Promise<WebhookDelivery[]> {
    if (!(await this.webhooks.findById(id))) throw notFound('webhook');
    return (await this.deliveries.latest(id, WEBHOOK_LIMITS.deliveriesShown)).map(toDelivery);
  }
}

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : null);

function toWebhook(w: WebhookRecord): Webhook {
  return {
    id: w._id.toHexString(),
    url: w.url,
    events: [...w.events],
    createdAt: new Date(w.createdAt).toISOString(),
  };
}

function toDelivery(d: WebhookDeliveryRecord): WebhookDelivery {
  return {
    id: d.eventId,
    event: d.event,
    status: d.status,
    attempts: d.attempts,
    createdAt: new Date(d.eventAt).toISOString(),
    lastAttemptAt: iso(d.lastAttemptAt),
    nextAttemptAt: d.status === 'pending' ? iso(d.nextAttemptAt) : null,
    lastStatusCode: d.lastStatusCode ?? null,
    lastError: d.lastError ?? null,
    responseTimeMs: d.responseTimeMs ?? null,
  };
}
