import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DomainEventsService } from '../events/domain-events.service';
import { EmailFollowupService } from './email-followup.service';

/**
 * Feeds the follow-up from the messages this gateway stores, and sweeps the due emails about once a second like the
 * deadline sweeper. Both run beside the chat: a slow or failing SMTP server is logged, never waited for by a send.
 * Nothing runs without SMTP_URL.
 */
@Injectable()
export class EmailFollowupSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('EmailFollowup');
  private subscription: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly noting = new Set<Promise<unknown>>();

  constructor(
    private readonly followup: EmailFollowupService,
    private readonly events: DomainEventsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.followup.enabled) return;
    this.subscription = this.events.of('message.created').subscribe(({ message, conversation }) => {
      const noted = this.followup
        .noteMessage(message, conversation)
        .catch((error: unknown) =>
          this.logger.warn({
            message: 'follow-up not recorded',
            conversationId: conversation.id,
            error: String(error),
          }),
        )
        .finally(() => this.noting.delete(noted));
      this.noting.add(noted);
    });
    this.timer = setInterval(() => void this.sweep(), this.config.sweepIntervalMs);
    this.timer.unref();
  }

  /** One pass (a pass already running is joined, not doubled). */
  sweep(): Promise<void> {
    this.running ??= this.followup
      .sendDue()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn({ message: 'follow-up sweep failed', error: String(error) }),
      )
      .finally(() => (this.running = null));
    return this.running;
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([this.running, ...this.noting]);
  }
}
