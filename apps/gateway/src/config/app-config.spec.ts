import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(path.join(tmpdir(), 'sb-config-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('has the documented defaults and keeps a generated development secret in DATA_DIR', () => {
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      nodeEnv: 'development',
      mongodbUri: null,
      redisUrl: null,
      seedDemo: true,
      transferTimeoutS: 60,
      closeTimeoutS: 120,
      agentGraceS: 120,
      recallWindowS: 120,
      attachmentMaxBytes: 10 * 1024 * 1024,
      logLevel: 'log',
    });
    expect(readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8')).toBe(config.jwtSecret);
    expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(config.jwtSecret);
  });

  it('reads the email follow-up: off without SMTP_URL, smtp:// or smtps:// URLs, a sender, a delay; refuses the rest', () => {
    expect(loadConfig({ DATA_DIR: dataDir })).toMatchObject({ smtpUrl: null, emailFollowupDelayS: 120 });
    expect(
      loadConfig({
        DATA_DIR: dataDir,
        SMTP_URL: 'smtps://user:p%40ss@mail.example.com:465',
        EMAIL_FROM: 'Acme Support <support@acme.example>',
        EMAIL_FOLLOWUP_DELAY_SECONDS: '30',
      }),
    ).toMatchObject({ smtpUrl: 'smtps://user:p%40ss@mail.example.com:465', emailFrom: 'Acme Support <support@acme.example>', emailFollowupDelayS: 30 });
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir, SMTP_URL: 'http://mail.example.com', EMAIL_FROM: 'nobody', EMAIL_FOLLOWUP_DELAY_SECONDS: '0' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual(['SMTP_URL', 'EMAIL_FROM', 'EMAIL_FOLLOWUP_DELAY_SECONDS']);
  });

  it('refuses invalid values with one error naming each of them', () => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir, PORT: 'abc', SEED_DEMO: 'maybe', TRANSFER_TIMEOUT_S: '0', ALLOWED_ORIGINS: 'ftp://x', LOG_LEVEL: 'loud', RECALL_WINDOW_S: '-5' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual(
      expect.arrayContaining(['PORT', 'SEED_DEMO', 'TRANSFER_TIMEOUT_S', 'ALLOWED_ORIGINS', 'LOG_LEVEL', 'RECALL_WINDOW_S']),
    );
  });

  it('requires a strong JWT_SECRET in production', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32/);
    const production = { DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), PUBLIC_URL: 'https://chat.example.com' };
    expect(loadConfig(production).jwtSecret).toBe('s'.repeat(40));
  });

  it('in production requires PUBLIC_URL and turns demo accounts and API docs off unless asked for', () => {
    const production = { DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40) };
    expect(() => loadConfig(production)).toThrow(/PUBLIC_URL is required/);
    const config = loadConfig({ ...production, PUBLIC_URL: 'https://chat.example.com/some/path' });
    expect(config).toMatchObject({ publicUrl: 'https://chat.example.com', seedDemo: false, apiDocs: false });
    expect(loadConfig({ ...production, PUBLIC_URL: 'https://chat.example.com', SEED_DEMO: 'true', API_DOCS: 'true' })).toMatchObject({
      seedDemo: true,
      apiDocs: true,
    });
    expect(loadConfig({ DATA_DIR: dataDir })).toMatchObject({ publicUrl: null, seedDemo: true, apiDocs: true, metricsPort: null, metricsToken: null });
  });

  it('validates the security settings', () => {
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback,10.0.0.0/8');
    expect(loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ DATA_DIR: dataDir, METRICS_PORT: '9464' })).toMatchObject({ metricsPort: 9464, metricsHost: '127.0.0.1' });
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir, TRUST_PROXY: 'true', PUBLIC_URL: 'ftp://x', METRICS_TOKEN: 'short', ATTACHMENT_QUOTA_BYTES: '-1' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual(
      expect.arrayContaining(['TRUST_PROXY', 'PUBLIC_URL', 'METRICS_TOKEN', 'ATTACHMENT_QUOTA_BYTES']),
    );
  });
});
