import { Controller, Get, Inject, Res } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { HealthResponse } from '@switchboard/protocol';
import type { Response } from 'express';
import type { Connection } from 'mongoose';
import { Public } from '../auth/auth.decorators';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

const PING_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: "{ status: 'ok', db: 'up', version }; 503 while the database does not answer" })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    const up = await this.ping();
    if (!up) res.status(503);
    return { status: up ? 'ok' : 'degraded', db: up ? 'up' : 'down', version: this.config.version };
  }

  private async ping(): Promise<boolean> {
    const db = this.connection.db;
    if (!db || this.connection.readyState !== 1) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PING_TIMEOUT_MS)));
      await Promise.race([db.command({ ping: 1 }), timeout]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
