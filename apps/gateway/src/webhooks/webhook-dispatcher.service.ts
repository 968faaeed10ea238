import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { WEBHOOK_LIMITS } from '@switchboard/protocol';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LeasesRepository } from './leases.repository';
import type { WebhookDeliveryRecord } from './schemas/webhook-delivery.schema';
import type { WebhookRecord } from '../webhook-store/schemas/webhook.schema';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookRelay } from './webhook-relay.service';
import { sendWebhook } from './webhook-sender';
import { WebhooksRepository } from '../webhook-store/webhooks.repository';

const LEASE = 'webhooks';
/** An event is delivered once the relay has run this long after it: a later event of its conversation written
 * to the other source (messages vs conversations) in the same instant then cannot overtake it. */
const SETTLE_MS = 200;
/** A claimed attempt whose node died counts as lost this long after its timeout, and is tried again. */
const LOST_MARGIN_MS = 5000;
const MAX_BACKOFF_MS = 3600 * 1000;
const DUE_PER_PASS = 200;

/** The delay before retry `attempt` (1 = the first retry): doubling from the base, capped, with full jitter. */
export function backoffMs(attempt: number, baseMs: number, random = Math.random): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), MAX_BACKOFF_MS);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Delivers webhooks from the one node holding the `webhooks` lease (renewed every poll; another node takes over when
 * it expires): relays the outboxes, then sends what is due, one delivery at a time per webhook and conversation
 * (their order), at most `webhookConcurrency` at once, each bounded by `webhookTimeoutMs`. Nothing here runs on
 * the path of a chat event: a slow endpoint only holds its own slot.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly nodeId = randomUUID();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private holding = false;
  /** Events at or before this instant are all in webhook_deliveries (see SETTLE_MS). */
  private relayedUntil = new Date(0);
  /** Attempts in flight, by webhook and conversation. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly leases: LeasesRepository,
    private readonly relay: WebhookRelay,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), this.config.webhookPollMs);
    this.timer.unref();
  }

  /** Runs a pass now, or right after the one running (an attempt that ends lets its conversation's next one go). */
  private kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.tick().finally(() => {
      this.running = null;
      if (this.again && this.timer) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Whether this node delivers now (tests and the health of the lease). */
  get isDelivering(): boolean {
    return this.holding;
  }

  async tick(): Promise<void> {
    try {
      const wall = new Date();
      this.holding = await this.leases.acquire(
        LEASE,
        this.nodeId,
        wall,
        new Date(wall.getTime() + this.config.webhookLeaseMs),
      );
      if (!this.holding) return;
      const webhooks = await this.webhooks.list();
      const passStart = this.clock.now();
      if (await this.relay.relay(webhooks)) this.relayedUntil = new Date(passStart.getTime() - SETTLE_MS);
      if (webhooks.length > 0) await this.dispatch(new Map(webhooks.map((w) => [w._id.toHexString(), w])));
    } catch (error) {
      this.logger.warn({ message: 'webhook pass failed', error: String(error) });
    }
  }

  private async dispatch(webhooks: Map<string, WebhookRecord>): Promise<void> {
    const now = this.clock.now();
    for (const d of await this.deliveries.due(now, DUE_PER_PASS)) {
      if (this.inFlight.size >= this.config.webhookConcurrency) return;
      const lane = `${d.webhookId}:${d.conversationId}`;
      const webhook = webhooks.get(d.webhookId);
      if (!webhook || this.inFlight.has(lane) || d.eventAt > this.relayedUntil) continue;
      const earlier = await this.deliveries.earlierPending(d);
      if (earlier) {
        // behind a delivery in backoff: out of the due ones until then, so a long queue behind a dead endpoint
        // does not hide other webhooks' deliveries from this pass
        if (earlier.nextAttemptAt > now) await this.deliveries.defer(d, earlier.nextAttemptAt);
        continue;
      }
      const lostAt = new Date(now.getTime() + this.config.webhookTimeoutMs + LOST_MARGIN_MS);
      if (!(await this.deliveries.claim(d, lostAt))) continue;
      const attempt = this.attempt(webhook, d).finally(() => {
        this.inFlight.delete(lane);
        this.kick();
      });
      this.inFlight.set(lane, attempt);
    }
  }

  private async attempt(webhook: WebhookRecord, d: WebhookDeliveryRecord): Promise<void> {
    try {
      const result = await sendWebhook({
        url: webhook.url,
        secret: webhook.secret,
        event: d.event,
        deliveryId: d.eventId,
        body: d.body,
        timeoutMs: this.config.webhookTimeoutMs,
        allowPrivate: this.config.webhookAllowPrivate,
        userAgent: `Switchboard-Webhooks/${this.config.version}`,
      });
      const at = this.clock.now();
      const outcome = {
        at,
        statusCode: result.statusCode,
        error: result.error,
        responseTimeMs: result.responseTimeMs,
      };
      if (result.ok) return await this.deliveries.recordDelivered(d._id, outcome);
      const retryAt = new Date(at.getTime() + backoffMs(d.attempts + 1, this.config.webhookRetryBaseMs));
      const giveUp = retryAt.getTime() - new Date(d.eventAt).getTime() > WEBHOOK_LIMITS.retryForMs;
      await this.deliveries.recordFailed(d._id, outcome, giveUp ? null : retryAt);
      this.logger.log({
        message: giveUp ? 'webhook delivery failed' : 'webhook attempt failed',
        deliveryId: d._id,
        error: result.error,
        attempts: d.attempts + 1,
      });
    } catch (error) {
      // the attempt stays claimed until lostAt, then is tried again
      this.logger.warn({ message: 'webhook attempt not recorded', deliveryId: d._id, error: String(error) });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await Promise.allSettled(this.inFlight.values());
    if (this.holding) await this.leases.release(LEASE, this.nodeId).catch(() => undefined);
  }
}
