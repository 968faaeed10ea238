import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import type { AppConfig, LogLevel } from '../config/app-config';
import { scrubSecrets } from './log-scrubber';

export type GatewayLogger = Logger;

/** LOG_LEVEL speaks Nest's names; pino's `trace` is Nest's `verbose`. */
export const PINO_LEVEL: Record<LogLevel, Level> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * The gateway's one logger: JSON lines on stdout (or `destination`), ISO times, level names, `message` as the
 * message key (Nest's object messages already use it), and every line scrubbed of secrets before it is written.
 */
export function createRootLogger(config: Pick<AppConfig, 'logLevel'>, destination?: DestinationStream): GatewayLogger {
  const options = {
    level: PINO_LEVEL[config.logLevel],
    messageKey: 'message',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    hooks: { streamWrite: scrubSecrets },
  };
  return destination ? pino(options, destination) : pino(options);
}
