import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AutoAssigner } from './auto-assigner.service';
import { ConversationsService } from './conversations.service';

/**
 * Timeouts are deadlines stored on the conversations (and lastSeenAt on agents); every gateway sweeps them
 * about once a second and each transition is a conditional update, so they fire after a restart and only
 * one gateway acts on each (section 9's queue notices and idle closing too). The same tick appends system messages a crash left pending (all of them at start-up).
 */
const PENDING_GRACE_MS = 2000;

@Injectable()
export class DeadlineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Sweeper');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly conversations: ConversationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly autoAssigner: AutoAssigner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.appendLeftPending(new Date());
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweep().finally(() => (this.running = null));
    }, this.config.sweepIntervalMs);
    this.timer.unref();
  }

  /**
   * `now` for the transfer and close deadlines and presence (written with the wall clock); section 9's automatic
   * messages read the injected clock (the wall clock, except in tests that move it instead of waiting minutes).
   */
  async sweep(now = new Date(), automaticNow = this.clock.now()): Promise<void> {
    // A live transition appends its own within moments; only what is older than that was left by a crash.
    await this.appendLeftPending(new Date(now.getTime() - PENDING_GRACE_MS));
    try {
      const transfers = await this.conversations.expireTransfers(now);
      const closes = await this.conversations.expireCloses(now);
      const requeued = await this.conversations.requeueAbsentAgents(now);
      const notices = await this.conversations.postQueueNotices(automaticNow);
      const idle = await this.conversations.closeIdle(automaticNow);
      if (transfers + closes + requeued + notices + idle > 0)
        this.logger.log({ message: 'deadlines', transfers, closes, requeued, notices, idle });
      // Section 9's automatic assignment: a backstop for what no event announced here (a change on another gateway).
      this.autoAssigner.kick('tick');
    } catch (error) {
      this.logger.warn({ message: 'sweep failed', error: String(error) });
    }
  }

  private async appendLeftPending(cutoff: Date): Promise<void> {
    try {
      const appended = await this.conversations.appendLeftPending(cutoff);
      if (appended > 0) this.logger.log({ message: 'pending system messages appended', appended });
    } catch (error) {
      this.logger.warn({ message: 'pending system messages failed', error: String(error) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
