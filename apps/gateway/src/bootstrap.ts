import { ConsoleLogger, RequestMethod, type INestApplication, type LogLevel as NestLogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { ClientAddressResolver } from './abuse/client-address';
import { AppModule } from './app.module';
import { createOriginPolicy } from './common/origin-policy';
import { StrictValidationPipe } from './common/strict-validation.pipe';
import type { AppConfig, LogLevel } from './config/app-config';
import { RealtimeIoAdapter } from './realtime/realtime-io.adapter';
import { mountStaticFiles } from './static/static-files';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

export function createLogger(config: Pick<AppConfig, 'logLevel'>): ConsoleLogger {
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1) as NestLogLevel[];
  return new ConsoleLogger({ json: true, logLevels, prefix: 'switchboard' });
}

/** Builds the whole gateway (HTTP, socket.io, static files) without listening: main.ts and the tests share it. */
export async function createGateway(config: AppConfig, logger = createLogger(config)): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    bodyParser: false,
    abortOnError: false,
  });
  const originAllowed = createOriginPolicy(config);
  app.useBodyParser('json', { limit: '100kb' });
  app.useBodyParser('urlencoded', { limit: '100kb', extended: false });
  app.disable('x-powered-by');
  // TRUST_PROXY: the same rule as the limits' client address (ClientAddressResolver), so req.ip agrees with it
  app.set('trust proxy', app.get(ClientAddressResolver).trust);
  app.enableShutdownHooks();
  app.setGlobalPrefix('api', { exclude: [{ path: 'metrics', method: RequestMethod.GET }] });
  app.useGlobalPipes(new StrictValidationPipe());

  // Browsers from origins outside the allow-list get 403 on the API; others get CORS headers.
  app.use('/api', (req: Request, res: Response, next: NextFunction) => {
    if (!originAllowed(req.headers.origin, req.headers.host)) {
      res.status(403).json({ statusCode: 403, message: 'origin not allowed', error: 'Forbidden' });
      return;
    }
    next();
  });
  app.enableCors({ origin: (origin, cb) => cb(null, origin ? originAllowed(origin, undefined) : true), maxAge: 600 });
  mountStaticFiles(app.getHttpAdapter().getInstance());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Switchboard gateway')
      .setDescription('REST surface of the Switchboard protocol (socket.io events are described in docs/protocol.md)')
      .setVersion(config.version)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document);

  const adapter = new RealtimeIoAdapter(app, config, originAllowed);
  await adapter.connectRedis();
  app.useWebSocketAdapter(adapter);
  return app;
}
