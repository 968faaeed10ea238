import { Global, Module } from '@nestjs/common';
import { MetricsListener } from './metrics-listener.service';
import { MetricsService } from './metrics.service';

/** The registry, and the METRICS_PORT listener; `/metrics` on the main port is mounted by bootstrap (METRICS_TOKEN). */
@Global()
@Module({ providers: [MetricsService, MetricsListener], exports: [MetricsService, MetricsListener] })
export class MetricsModule {}
