import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** The one validated configuration object; nothing else reads process.env. */
export interface AppConfig {
  nodeEnv: 'production' | 'development' | 'test';
  port: number;
  host: string;
  dataDir: string;
  /** null: start the embedded store in-process with data in `${dataDir}/db`. */
  mongodbUri: string | null;
  jwtSecret: string;
  /** null: the gateway's own origin, plus http://localhost:* and http://127.0.0.1:* outside production. */
  allowedOrigins: string[] | null;
  /** null: a random one, printed once when the demo accounts are created. */
  demoPassword: string | null;
  seedDemo: boolean;
  transferTimeoutS: number;
  closeTimeoutS: number;
  agentGraceS: number;
  redisUrl: string | null;
  attachmentMaxBytes: number;
  logLevel: LogLevel;
  version: string;
  /** How often the deadline sweeper runs (not an env var; tests shorten it through `overrides`). */
  sweepIntervalMs: number;
  customerTokenTtlS: number;
  staffTokenTtlS: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readVersion(): string {
  for (const candidate of [path.join(__dirname, '../../package.json'), path.join(__dirname, '../package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === '@switchboard/gateway' && pkg.version) return pkg.version;
    } catch {
      // try the next location (src/ under jest, dist/ when built)
    }
  }
  return '0.0.0';
}

/** Development keeps one generated secret in DATA_DIR so tokens survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function loadConfig(env: Env, cwd: string = process.cwd()): AppConfig {
  const problems: string[] = [];
  const str = (name: string): string | null => {
    const value = env[name]?.trim();
    return value ? value : null;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = str(name)?.toLowerCase();
    if (raw === undefined || raw === null) return fallback;
    if (['true', '1', 'yes'].includes(raw)) return true;
    if (['false', '0', 'no'].includes(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };

  const nodeEnvRaw = str('NODE_ENV') ?? 'development';
  if (!['production', 'development', 'test'].includes(nodeEnvRaw)) {
    problems.push(`NODE_ENV must be production, development or test (got "${nodeEnvRaw}")`);
  }
  const nodeEnv = (['production', 'development', 'test'].includes(nodeEnvRaw) ? nodeEnvRaw : 'development') as AppConfig['nodeEnv'];

  const port = int('PORT', 3000, 0, 65535);
  const host = str('HOST') ?? '0.0.0.0';
  const dataDir = path.resolve(cwd, str('DATA_DIR') ?? './data');

  const mongodbUri = str('MONGODB_URI');
  if (mongodbUri && !/^mongodb(\+srv)?:\/\//.test(mongodbUri)) {
    problems.push('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  }
  const redisUrl = str('REDIS_URL');
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must start with redis:// or rediss://');

  let allowedOrigins: string[] | null = null;
  const originsRaw = str('ALLOWED_ORIGINS');
  if (originsRaw) {
    allowedOrigins = originsRaw.split(',').map((o) => o.trim()).filter(Boolean);
    for (const origin of allowedOrigins) {
      if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
        problems.push(`ALLOWED_ORIGINS entry "${origin}" must look like http(s)://host[:port] (no path) or *`);
      }
    }
  }

  const logLevelRaw = (str('LOG_LEVEL') ?? 'log').toLowerCase();
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw) ? (logLevelRaw as LogLevel) : 'log';
  if (logLevel !== logLevelRaw) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const demoPassword = str('DEMO_PASSWORD');
  if (demoPassword !== null && demoPassword.length < 8) problems.push('DEMO_PASSWORD must be at least 8 characters');

  let jwtSecret = str('JWT_SECRET');
  if (jwtSecret !== null && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
  if (jwtSecret === null && nodeEnv === 'production') problems.push('JWT_SECRET is required when NODE_ENV=production');

  const config: AppConfig = {
    nodeEnv,
    port,
    host,
    dataDir,
    mongodbUri,
    jwtSecret: '',
    allowedOrigins,
    demoPassword,
    seedDemo: bool('SEED_DEMO', true),
    transferTimeoutS: int('TRANSFER_TIMEOUT_S', 60, 1, 86_400),
    closeTimeoutS: int('CLOSE_TIMEOUT_S', 120, 1, 86_400),
    agentGraceS: int('AGENT_GRACE_S', 120, 1, 86_400),
    redisUrl,
    attachmentMaxBytes: int('ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    logLevel,
    version: readVersion(),
    sweepIntervalMs: 1000,
    customerTokenTtlS: 30 * 24 * 3600,
    staffTokenTtlS: 12 * 3600,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  config.jwtSecret = jwtSecret ?? (jwtSecret = developmentSecret(dataDir));
  return config;
}
