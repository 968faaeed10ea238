// Attack 8 of issue 10, the gateway's part: data files were world-readable, so another local user read what
// DATA_DIR holds. The gateway now creates DATA_DIR 0700 and its jwt-secret 0600 whatever the umask, and a
// local user who is not the gateway's cannot list DATA_DIR or read anything in it (the store's files included).
import { startGatewayProcess, type GatewayProcess } from '@switchboard/testing';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/app-config';

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** Runs `fn` with umask 0, the most permissive: modes must come from the code, not from the caller's umask. */
async function withOpenUmask<T>(fn: () => T | Promise<T>): Promise<T> {
  const previous = process.umask(0);
  try {
    return await fn();
  } finally {
    process.umask(previous);
  }
}

describe('data files of the gateway (issue 10, attack 8)', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(path.join(tmpdir(), 'switchboard-files-'));
    // Others may traverse the parent, as they may /var/lib: only DATA_DIR's own mode keeps them out.
    chmodSync(parent, 0o755);
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('creates DATA_DIR (and missing parents) 0700 and the development secret 0600 even with umask 0', async () => {
    const dataDir = path.join(parent, 'nested', 'data');
    const config = await withOpenUmask(() => loadConfig({ DATA_DIR: dataDir }));
    expect(modeOf(path.join(parent, 'nested'))).toBe(0o700);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'jwt-secret'))).toBe(0o600);
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('creates DATA_DIR 0700 in production when the embedded store keeps its data there, and nothing when MongoDB does', async () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: 's'.repeat(40), PUBLIC_URL: 'https://chat.example.com' };
    const embedded = path.join(parent, 'embedded');
    await withOpenUmask(() => loadConfig({ ...production, DATA_DIR: embedded }));
    expect(modeOf(embedded)).toBe(0o700);
    expect(existsSync(path.join(embedded, 'jwt-secret'))).toBe(false);
    const unused = path.join(parent, 'unused');
    loadConfig({ ...production, DATA_DIR: unused, MONGODB_URI: 'mongodb://db.internal:27017/switchboard' });
    expect(existsSync(unused)).toBe(false);
  });

  it('replaces an unusable secret left with loose permissions by a 0600 one', async () => {
    const dataDir = path.join(parent, 'data');
    await withOpenUmask(() => loadConfig({ DATA_DIR: dataDir }));
    writeFileSync(path.join(dataDir, 'jwt-secret'), 'short');
    chmodSync(path.join(dataDir, 'jwt-secret'), 0o644);
    const config = await withOpenUmask(() => loadConfig({ DATA_DIR: dataDir }));
    expect(config.jwtSecret).not.toBe('short');
    expect(modeOf(path.join(dataDir, 'jwt-secret'))).toBe(0o600);
  });

  describe('a running gateway', () => {
    let gateway: GatewayProcess;
    let dataDir: string;
    beforeEach(async () => {
      dataDir = path.join(parent, 'data');
      // Not created here: the gateway makes it; its child inherits the open umask.
      gateway = await withOpenUmask(() => startGatewayProcess({ dataDir }));
    });
    afterEach(async () => gateway?.stop());

    it('keeps another local user out of DATA_DIR: no listing, no jwt-secret, no data file', () => {
      expect(modeOf(dataDir)).toBe(0o700);
      expect(modeOf(path.join(dataDir, 'jwt-secret'))).toBe(0o600);
      const dataFile = path.join(dataDir, 'db', 'store.mdb');
      expect(existsSync(dataFile)).toBe(true);
      expect(modeOf(dataFile)).toBe(0o600);
      if (process.getuid?.() !== 0) {
        console.log('not root: cannot act as another user; the modes above are what keeps one out');
        return;
      }
      // The attack: as `nobody`, list DATA_DIR and read the secret and the store's data file (user records live there).
      const attempt = `
        const fs = require('node:fs');
        const tryIt = (fn) => { try { fn(); return 'read'; } catch (e) { return e.code; } };
        console.log(JSON.stringify({
          list: tryIt(() => fs.readdirSync(${JSON.stringify(dataDir)})),
          secret: tryIt(() => fs.readFileSync(${JSON.stringify(path.join(dataDir, 'jwt-secret'))})),
          data: tryIt(() => fs.readFileSync(${JSON.stringify(dataFile)})),
          parent: tryIt(() => fs.readdirSync(${JSON.stringify(parent)})),
        }));`;
      // cwd: a directory `nobody` may enter (the checkout may sit below one it may not).
      const result = spawnSync(process.execPath, ['-e', attempt], { uid: 65534, gid: 65534, cwd: parent, encoding: 'utf8' });
      expect(result.status).toBe(0);
      // `parent` shows the attacker does get that far: DATA_DIR's own mode is what stops them.
      expect(JSON.parse(result.stdout)).toEqual({ list: 'EACCES', secret: 'EACCES', data: 'EACCES', parent: 'read' });
    });
  });
});
