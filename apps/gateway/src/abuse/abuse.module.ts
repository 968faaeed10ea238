import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AbuseLimitsService } from './abuse-limits.service';
import { ClientAddressResolver } from './client-address';
import { createLimitStorage, LIMIT_STORAGE } from './limit-storage';

/** Per-address and per-account limits (sign-in, customer tokens, new conversations) and the client-address rule. */
@Global()
@Module({
  providers: [
    { provide: LIMIT_STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => createLimitStorage(config) },
    { provide: ClientAddressResolver, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new ClientAddressResolver(config.trustProxy) },
    AbuseLimitsService,
  ],
  exports: [AbuseLimitsService, ClientAddressResolver],
})
export class AbuseModule {}
