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
      attachmentMaxBytes: 10 * 1024 * 1024,
      logLevel: 'log',
    });
    expect(readFileSync(path.join(dataDir, 'jwt-secret'), 'utf8')).toBe(config.jwtSecret);
    expect(loadConfig({ DATA_DIR: dataDir }).jwtSecret).toBe(config.jwtSecret);
  });

  it('refuses invalid values with one error naming each of them', () => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dataDir, PORT: 'abc', SEED_DEMO: 'maybe', TRANSFER_TIMEOUT_S: '0', ALLOWED_ORIGINS: 'ftp://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.split(' ')[0])).toEqual(
      expect.arrayContaining(['PORT', 'SEED_DEMO', 'TRANSFER_TIMEOUT_S', 'ALLOWED_ORIGINS', 'LOG_LEVEL']),
    );
  });

  it('requires a strong JWT_SECRET in production', () => {
    expect(() => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(loadConfig({ DATA_DIR: dataDir, NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40) }).jwtSecret).toBe('s'.repeat(40));
  });
});
