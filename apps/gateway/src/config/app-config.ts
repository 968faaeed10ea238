import { RECALL_WINDOW_DEFAULT_S } from '@switchboard/protocol';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  /** RECALL_WINDOW_S: how long after sending a sender may recall a message (section 8). */
  recallWindowS: number;
  redisUrl: string | null;
  attachmentMaxBytes: number;
  logLevel: LogLevel;
  version: string;
  /** How often the deadline sweeper runs (not an env var; tests shorten it through `overrides`). */
  sweepIntervalMs: number;
  customerTokenTtlS: number;
  staffTokenTtlS: number;

  // --- security and production (issue 10; docs/security.md) ---
  /**
   * The public origin browsers use (`https://chat.example.com`), from PUBLIC_URL; null outside production when
   * unset (then http://localhost:PORT and http://127.0.0.1:PORT). Compared with a request's Origin instead of
   * trusting its Host header (DNS rebinding). Required in production.
   */
  publicUrl: string | null;
  /** Express's `trust proxy` from TRUST_PROXY (`loopback`, a hop count, or addresses/CIDRs); null: trust nobody. */
  trustProxy: string | number | null;
  /** METRICS_PORT: a separate listener for `/metrics` on `metricsHost`; null: none. */
  metricsPort: number | null;
  /** METRICS_HOST, default 127.0.0.1. */
  metricsHost: string;
  /** METRICS_TOKEN: `/metrics` on the main port with `Authorization: Bearer <token>`; null: not on the main port. */
  metricsToken: string | null;
  /** API_DOCS: serve `/api/docs` and `/api/docs-json`; default true outside production. */
  apiDocs: boolean;
  /** IDENTITY_SECRET: the key of verified customers' `userHash` (HMAC-SHA256 of userId); null: a userId is refused. */
  identitySecret: string | null;
  /** ATTACHMENT_QUOTA_BYTES: the bytes one uploader may keep stored (unreferenced uploads included). */
  attachmentQuotaBytes: number;
  /** CUSTOMER_AUTH_LIMIT: `POST /api/auth/customer` per address per 10 minutes. */
  customerAuthLimit: number;
  /** CONVERSATION_START_LIMIT: new conversations per address per 10 minutes. */
  conversationStartLimit: number;
  /** Uploads no message refers to are removed after this (not an env var; tests shorten it). */
  unreferencedUploadTtlMs: number;
  /** How long a verified token's account check (disabled, deleted, token version) is cached (not an env var). */
  principalCacheMs: number;
  /** Lifetime of a signed attachment URL (not an env var). */
  signedUrlTtlS: number;
  // --- sign-in and abuse limits (auth) ---
  /** Window of the login failure limits, 15 minutes (PROTOCOL section 13; not an env var: tests shorten it). */
  loginLimitWindowMs: number;
  /** Window of the per-address limits on customer tokens and new conversations, 10 minutes (not an env var). */
  addressLimitWindowMs: number;
  // accounts (revocation): how often each node re-checks the accounts of its connected sockets (not an env var)
  sessionRecheckMs: number;

  // --- email follow-up (issue 15; docs/availability.md) ---
  /** SMTP_URL (smtp:// or smtps://, credentials in the URL); null: the feature is off and nothing is mailed. */
  smtpUrl: string | null;
  /** EMAIL_FROM: the sender of follow-up emails. */
  emailFrom: string;
  /** EMAIL_FOLLOWUP_DELAY_SECONDS: how long a reply waits for the customer to come back before it is mailed. */
  emailFollowupDelayS: number;
  /** Lifetime of the link in a follow-up email (not an env var). */
  emailLinkTtlS: number;
  /** Sends of one email before it is given up, and the first retry's delay, doubled each time (not env vars). */
  emailMaxAttempts: number;
  emailRetryBaseMs: number;
  // --- webhooks (docs/webhooks.md) ---
  /** WEBHOOK_ALLOW_PRIVATE: allow targets on private, loopback and link-local addresses (tests, trusted LANs). */
  webhookAllowPrivate: boolean;
  /** WEBHOOK_TIMEOUT_MS: one delivery attempt's limit, connection to answer. */
  webhookTimeoutMs: number;
  /** WEBHOOK_CONCURRENCY: deliveries in flight at once on the node that delivers. */
  webhookConcurrency: number;
  /** WEBHOOK_RETRY_BASE_MS: the first retry's delay, doubled on each later one (capped at an hour), with jitter. */
  webhookRetryBaseMs: number;
  /** WEBHOOK_LEASE_MS: how long the delivering node's lease lasts unless renewed (renewed every poll). */
  webhookLeaseMs: number;
  /** How often the delivering node relays and delivers (not an env var). */
  webhookPollMs: number;
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

/**
 * Development keeps one generated secret in DATA_DIR so tokens survive restarts: 0600 whatever the umask,
 * as other local users must not read it (docs/security.md, "Files on disk").
 */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  chmodSync(file, 0o600); // a short secret rewritten in place keeps the old file's mode
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

  const publicUrlRaw = str('PUBLIC_URL');
  let publicUrl: string | null = null;
  if (publicUrlRaw) {
    try {
      const parsed = new URL(publicUrlRaw);
      if (!['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password) throw new Error('scheme');
      publicUrl = parsed.origin;
    } catch {
      problems.push(`PUBLIC_URL must be an http(s) origin such as https://chat.example.com (got "${publicUrlRaw}")`);
    }
  } else if (nodeEnv === 'production') {
    problems.push('PUBLIC_URL is required when NODE_ENV=production (the origin browsers use, e.g. https://chat.example.com)');
  }

  const trustProxyRaw = str('TRUST_PROXY');
  let trustProxy: string | number | null = null;
  if (trustProxyRaw) {
    if (/^\d+$/.test(trustProxyRaw)) trustProxy = Number(trustProxyRaw);
    else if (['true', '*'].includes(trustProxyRaw.toLowerCase())) {
      problems.push('TRUST_PROXY must name the proxies (loopback, an address or CIDR list, or a hop count), not trust everyone');
    } else if (trustProxyRaw.split(',').every((p) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(p.trim()))) {
      trustProxy = trustProxyRaw.split(',').map((p) => p.trim()).join(',');
    } else {
      problems.push(`TRUST_PROXY must be loopback, linklocal, uniquelocal, addresses/CIDRs or a hop count (got "${trustProxyRaw}")`);
    }
  }

  const metricsPortRaw = str('METRICS_PORT');
  const metricsPort = metricsPortRaw === null ? null : int('METRICS_PORT', 0, 0, 65535);
  const metricsToken = str('METRICS_TOKEN');
  if (metricsToken !== null && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters');

  const identitySecret = str('IDENTITY_SECRET');
  if (identitySecret !== null && identitySecret.length < 32) problems.push('IDENTITY_SECRET must be at least 32 characters');

  const demoPassword = str('DEMO_PASSWORD');
  if (demoPassword !== null && demoPassword.length < 8) problems.push('DEMO_PASSWORD must be at least 8 characters');

  const smtpUrl = str('SMTP_URL');
  if (smtpUrl !== null) {
    try {
      if (!['smtp:', 'smtps:'].includes(new URL(smtpUrl).protocol)) throw new Error('scheme');
    } catch {
      problems.push('SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465');
    }
  }
  const emailFrom = str('EMAIL_FROM') ?? 'Switchboard <no-reply@localhost>';
  if (!/^[^<>]*<[^<>\s@]+@[^<>\s@]+>$|^[^<>\s@]+@[^<>\s@]+$/.test(emailFrom))
    problems.push(`EMAIL_FROM must be an address or "Name <address>" (got "${emailFrom}")`);

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
    seedDemo: bool('SEED_DEMO', nodeEnv !== 'production'),
    transferTimeoutS: int('TRANSFER_TIMEOUT_S', 60, 1, 86_400),
    closeTimeoutS: int('CLOSE_TIMEOUT_S', 120, 1, 86_400),
    agentGraceS: int('AGENT_GRACE_S', 120, 1, 86_400),
    recallWindowS: int('RECALL_WINDOW_S', RECALL_WINDOW_DEFAULT_S, 1, 86_400),
    redisUrl,
    attachmentMaxBytes: int('ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024, 1, 1024 * 1024 * 1024),
    logLevel,
    version: readVersion(),
    sweepIntervalMs: 1000,
    customerTokenTtlS: 30 * 24 * 3600,
    staffTokenTtlS: 12 * 3600,
    publicUrl,
    trustProxy,
    metricsPort,
    metricsHost: str('METRICS_HOST') ?? '127.0.0.1',
    metricsToken,
    apiDocs: bool('API_DOCS', nodeEnv !== 'production'),
    identitySecret,
    attachmentQuotaBytes: int('ATTACHMENT_QUOTA_BYTES', 100 * 1024 * 1024, 1, Number.MAX_SAFE_INTEGER),
    customerAuthLimit: int('CUSTOMER_AUTH_LIMIT', 60, 1, 1_000_000),
    conversationStartLimit: int('CONVERSATION_START_LIMIT', 20, 1, 1_000_000),
    unreferencedUploadTtlMs: 24 * 3600 * 1000,
    principalCacheMs: 2000,
    signedUrlTtlS: 300,
    // sign-in and abuse limits (auth)
    loginLimitWindowMs: 15 * 60 * 1000,
    addressLimitWindowMs: 10 * 60 * 1000,
    // accounts (revocation)
    sessionRecheckMs: 5000,
    // email follow-up
    smtpUrl,
    emailFrom,
    emailFollowupDelayS: int('EMAIL_FOLLOWUP_DELAY_SECONDS', 120, 1, 86_400),
    emailLinkTtlS: 7 * 24 * 3600,
    emailMaxAttempts: 5,
    emailRetryBaseMs: 30_000,
    webhookAllowPrivate: bool('WEBHOOK_ALLOW_PRIVATE', false),
    webhookTimeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    webhookConcurrency: int('WEBHOOK_CONCURRENCY', 8, 1, 256),
    webhookRetryBaseMs: int('WEBHOOK_RETRY_BASE_MS', 30_000, 1, 3_600_000),
    webhookLeaseMs: int('WEBHOOK_LEASE_MS', 15_000, 500, 600_000),
    webhookPollMs: 250,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  // DATA_DIR holds the embedded store and the development secret: 0700 whatever the umask (docs/security.md).
  if (mongodbUri === null || jwtSecret === null) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  config.jwtSecret = jwtSecret ?? (jwtSecret = developmentSecret(dataDir));
  return config;
}
