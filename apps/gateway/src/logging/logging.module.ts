import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { GatewayLogger } from './logger';

/**
 * nestjs-pino's Logger as Nest's logger, on the gateway's pino. The request log itself is pino-http mounted
 * first in bootstrap (so static files and refusals before Nest's router are logged too); here `useExisting`
 * only binds that request's logger around Nest's handlers, so lines logged while handling a request carry its
 * reqId. nestjs-pino keeps the first logger of a process for lines outside requests: one gateway per process.
 */
export function loggingModule(logger: GatewayLogger): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: { logger },
    useExisting: true,
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  });
}
