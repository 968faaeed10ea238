import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { createGateway, createLogger } from './bootstrap';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { DemoSeedService } from './users/demo-seed.service';

function printBanner(app: INestApplication, config: AppConfig): void {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${host}:${config.port}`;
  const lines = [
    '',
    `Switchboard ${config.version} is listening on ${base}`,
    `  widget demo page  ${base}/`,
    `  agent console     ${base}/agent/`,
    `  API docs          ${base}/api/docs`,
    ...app.get(DemoSeedService).banner,
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
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
  logger.log({ message: 'gateway started', port: config.port, host: config.host, embeddedStore: !config.mongodbUri });
}

main().catch((error: unknown) => {
  process.stderr.write(`Switchboard failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
