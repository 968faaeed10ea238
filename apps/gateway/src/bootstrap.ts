import { Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import { ClientAddressResolver } from './abuse/client-address';
import { AppModule } from './app.module';
import { applyOriginPolicy, createOriginPolicy } from './common/origin-policy';
import { StrictValidationPipe } from './common/strict-validation.pipe';
import type { AppConfig } from './config/app-config';
import { mountApiDocs } from './http/api-docs';
import { securityHeaders } from './http/security-headers';
import { createRootLogger, type GatewayLogger } from './logging/logger';
import { loggingModule } from './logging/logging.module';
import { requestLogging } from './logging/request-logging';
import { mountMetricsEndpoint } from './metrics/metrics-endpoint';
import { MetricsService } from './metrics/metrics.service';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter';
import { mountStaticFiles } from './static/static-files';

/** The gateway's pino logger at LOG_LEVEL, JSON lines on stdout (docs/security.md, "Logs"). */
export function createLogger(config: Pick<AppConfig, 'logLevel'>): GatewayLogger {
  return createRootLogger(config);
}

/** The application and its logger (kept out of AppModule, which stays about the domain). */
@Module({})
class GatewayModule {}

/** Builds the whole gateway (HTTP, socket.io, static files) without listening: main.ts and the tests share it. */
export async function createGateway(config: AppConfig, logger = createLogger(config)): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    { module: GatewayModule, imports: [loggingModule(logger), AppModule.forRoot(config)] },
    { bufferLogs: true, bodyParser: false, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  const http = app.getHttpAdapter().getInstance();
  const originPolicy = createOriginPolicy(config, () => (app.getHttpServer().address() as AddressInfo | null)?.port ?? config.port);
  // First the request log and the security headers, so that every response has both, refusals included.
  app.use(requestLogging(logger));
  app.use(securityHeaders(config));
  app.disable('x-powered-by');
  // TRUST_PROXY: the same rule as the limits' client address (ClientAddressResolver), so req.ip agrees with it
  app.set('trust proxy', app.get(ClientAddressResolver).trust);
  app.enableShutdownHooks();
  applyOriginPolicy(app, originPolicy);
  app.useBodyParser('json', { limit: '100kb' });
  app.useBodyParser('urlencoded', { limit: '100kb', extended: false });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new StrictValidationPipe());
  mountMetricsEndpoint(http, app.get(MetricsService), config.metricsToken);
  mountStaticFiles(http);
  mountApiDocs(app, config);

  const adapter = new RealtimeIoAdapter(app, config, originPolicy);
  await adapter.connectRedis();
  app.useWebSocketAdapter(adapter);
  return app;
}
