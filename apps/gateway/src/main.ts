import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createGateway, createLogger } from './bootstrap';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { MetricsListener } from './metrics/metrics-listener.service';
import { DemoSeedService } from './users/demo-seed.service';

/**
 * For the person who started it: where things are, only what is actually served. On stderr, so that stdout
 * stays JSON lines for a log shipper.
 */
function printBanner(app: INestApplication, config: AppConfig): void {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const listening = `http://${host}:${config.port}`;
  const base = config.publicUrl ?? listening;
  const metrics = app.get(MetricsListener).address();
  const lines = [
    '',
    `Switchboard ${config.version} is listening on ${listening}${config.publicUrl ? ` (public URL ${config.publicUrl})` : ''}`,
    `  widget demo page  ${base}/`,
    `  agent console     ${base}/agent/`,
    ...(config.apiDocs ? [`  API docs          ${base}/api/docs`] : []),
    ...(metrics ? [`  metrics           http://${config.metricsHost}:${metrics.port}/metrics`] : []),
    ...(config.metricsToken ? [`  metrics           ${base}/metrics (Authorization: Bearer METRICS_TOKEN)`] : []),
    ...app.get(DemoSeedService).banner,
    '',
  ];
  process.stderr.write(lines.join('\n') + '\n');
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger(config);
  // A last line of defence: a stray rejected promise (e.g. a Redis hiccup inside the adapter) is logged, and
  // the gateway keeps serving everyone else.
  process.on('unhandledRejection', (reason) => logger.error({ message: 'unhandled rejection', error: String(reason) }));
  const app = await createGateway(config, logger);
  await app.listen(config.port, config.host);
  printBanner(app, config);
  logger.info({
    message: 'gateway started',
    port: config.port,
    host: config.host,
    publicUrl: config.publicUrl,
    embeddedStore: !config.mongodbUri,
    apiDocs: config.apiDocs,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`Switchboard failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
