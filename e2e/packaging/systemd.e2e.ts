// The systemd units of deploy/systemd: private files (UMask=0077, 0700 state directories), a sandbox that
// keeps the file system read-only but for the data directory, and what systemd itself says of them
// (`systemd-analyze verify` and `security`, where systemd-analyze exists; Debian's systemd package has it).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './dockerfile-model';

const UNITS = ['switchboard-gateway@.service', 'switchboard-db.service'];
const unitFile = (unit: string) => path.join(ROOT, 'deploy/systemd', unit);

/** `[Service]` settings: name → values (a setting may repeat). */
function serviceSettings(unit: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  let section = '';
  for (const line of readFileSync(unitFile(unit), 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const header = /^\[(\w+)\]$/.exec(trimmed);
    if (header) section = header[1];
    else if (section === 'Service') {
      const [name, ...rest] = trimmed.split('=');
      settings.set(name, [...(settings.get(name) ?? []), rest.join('=')]);
    }
  }
  return settings;
}

const analyzer = existsSync('/usr/bin/systemd-analyze') ? '/usr/bin/systemd-analyze' : null;
if (!analyzer) console.log('skipping the systemd-analyze checks: systemd-analyze is not installed here');

describe.each(UNITS)('deploy/systemd/%s', (unit) => {
  const settings = serviceSettings(unit);
  const one = (name: string) => settings.get(name)?.at(-1);

  it('creates only private files: UMask=0077 and a 0700 state directory, the only writable path', () => {
    expect(one('UMask')).toBe('0077');
    expect(one('StateDirectoryMode')).toBe('0700');
    const dataDir = settings.get('Environment')?.find((e) => e.startsWith('DATA_DIR='))?.slice('DATA_DIR='.length);
    const dbPath = /--dbpath (\S+)/.exec(one('ExecStart') ?? '')?.[1];
    const stateDir = `/var/lib/${one('StateDirectory')}`;
    expect(dataDir ?? dbPath).toBe(stateDir);
    expect(one('ProtectSystem')).toBe('strict');
    expect(settings.get('ReadWritePaths')).toEqual([stateDir]);
  });

  it('runs as its own user with no privileges to gain and a narrow sandbox', () => {
    expect(one('User')).toBe('switchboard');
    expect(one('User')).not.toBe('root');
    for (const [name, value] of Object.entries({
      NoNewPrivileges: 'true',
      PrivateTmp: 'true',
      PrivateDevices: 'true',
      ProtectHome: 'true',
      CapabilityBoundingSet: '',
      AmbientCapabilities: '',
      RestrictSUIDSGID: 'true',
      ProtectKernelTunables: 'true',
      ProtectKernelModules: 'true',
      ProtectControlGroups: 'true',
      SystemCallArchitectures: 'native',
    })) {
      expect({ name, value: one(name) }).toEqual({ name, value });
    }
    expect(settings.get('SystemCallFilter')).toEqual(['@system-service', '~@privileged']);
    // V8 compiles code at run time: MemoryDenyWriteExecute would kill node at start.
    expect(settings.has('MemoryDenyWriteExecute')).toBe(false);
  });

  (analyzer ? it : it.skip)('is accepted by systemd-analyze verify, and systemd rates its exposure OK', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-units-'));
    try {
      const copy = path.join(dir, unit);
      copyFileSync(unitFile(unit), copy);
      // verify also checks that ExecStart's binary exists: on a machine whose node is not /usr/bin/node, that one line is expected.
      const verify = spawnSync(analyzer as string, ['verify', copy], { encoding: 'utf8' });
      const problems = `${verify.stdout}${verify.stderr}`
        .split('\n')
        .filter((l) => l.trim() && (existsSync('/usr/bin/node') || !l.includes('/usr/bin/node')));
      expect({ status: verify.status, problems }).toEqual({ status: 0, problems: [] });
      const instance = unit.includes('@') ? unit.replace('@', '@3001') : unit;
      const security = spawnSync(analyzer as string, ['security', '--offline=true', '--no-pager', path.join(dir, instance)], { encoding: 'utf8' });
      const level = /Overall exposure level for \S+: ([\d.]+) (\w+)/.exec(security.stdout);
      expect(level?.[2]).toBe('OK');
      // systemd's own scale: 0 (locked down) to 10 (unprotected); a default service scores 9.6.
      expect(Number(level?.[1])).toBeLessThan(2.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
