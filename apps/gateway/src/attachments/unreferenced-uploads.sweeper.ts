import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AttachmentsService } from './attachments.service';

/**
 * Removes uploads no message refers to once they are unreferencedUploadTtlMs old. Every gateway runs it; each
 * record is claimed by one conditional update, so nodes never remove the same upload twice or one being sent.
 * It runs a few times per TTL (at most once a minute, at least every sweepIntervalMs).
 */
@Injectable()
export class UnreferencedUploadsSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Attachments');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly attachments: AttachmentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = Math.min(60_000, Math.max(this.config.sweepIntervalMs, Math.floor(this.config.unreferencedUploadTtlMs / 4)));
    this.timer = setInterval(() => {
      this.running ??= this.sweep().finally(() => (this.running = null));
    }, everyMs);
    this.timer.unref();
  }

  async sweep(now = new Date()): Promise<void> {
    try {
      const removed = await this.attachments.sweepUnreferenced(now);
      if (removed > 0) this.logger.log({ message: 'unreferenced uploads removed', removed });
    } catch (error) {
      this.logger.warn({ message: 'upload sweep failed', error: String(error) });
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
