// System packages the test suite needs (browser tests and the fonts their Chinese screens and emoji render with,
// the Redis adapter, nginx in front of a cluster).
// Installed from Debian's packages when missing and running as root; otherwise we say what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_PACKAGES = [
  { pkg: 'chromium', binary: '/usr/bin/chromium' },
  { pkg: 'redis-server', binary: '/usr/bin/redis-server' },
  { pkg: 'nginx-light', binary: '/usr/sbin/nginx' },
  { pkg: 'fonts-noto-cjk', binary: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc' },
  { pkg: 'fonts-noto-color-emoji', binary: '/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf' },
];

export function ensureSystemPackages({ log = console.log } = {}) {
  const missing = SYSTEM_PACKAGES.filter(({ binary }) => !existsSync(binary));
  if (missing.length === 0) return;
  const names = missing.map(({ pkg }) => pkg).join(' ');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `The test suite needs ${names}. Install them with:\n  sudo apt-get update && sudo apt-get install -y ${names}`,
    );
  }
  log(`[prerequisites] installing ${names} from Debian's packages ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const result = spawnSync('apt-get', ['install', '-y', '-qq', ...missing.map(({ pkg }) => pkg)], {
    stdio: 'inherit',
    env,
  });
  if (result.status !== 0) throw new Error(`apt-get install -y ${names} failed`);
}
