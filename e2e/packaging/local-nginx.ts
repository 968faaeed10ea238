// deploy/compose/nginx.conf on this machine: the compose service names only resolve inside compose, and
// the nginx of Debian 12 predates `server ... resolve` (1.27.3; the compose image is newer).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from './dockerfile-model';

export const COMPOSE_NGINX_CONF = path.join(ROOT, 'deploy/compose/nginx.conf');

export function nginxVersion(): [number, number, number] {
  const match = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr ?? '');
  if (!match) throw new Error('nginx is not installed (npm test installs Debian nginx-light)');
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** The compose config with `gatewayN:port` replaced by `upstreams[N-1]` (default 127.0.0.1:port) and, optionally, another listen address. */
export function localNginxConfig(options: { upstreams?: string[]; listen?: string; log?: (line: string) => void } = {}): string {
  let text = readFileSync(COMPOSE_NGINX_CONF, 'utf8').replace(/\bgateway(\d+):(\d+)/g, (_, n: string, port: string) => options.upstreams?.[Number(n) - 1] ?? `127.0.0.1:${port}`);
  if (options.listen) text = text.replace(/^(\s*)listen 8080;/m, `$1listen ${options.listen};`);
  const [major, minor, patch] = nginxVersion();
  if (major * 1_000_000 + minor * 1000 + patch < 1_027_003) {
    options.log?.(`nginx ${major}.${minor}.${patch} here predates "server ... resolve" (1.27.3): using the file without that parameter`);
    text = text.replace(/ resolve(?= )/g, '');
  }
  return text;
}

/** A private prefix as the container's /tmp; nginx's output goes to a file (it reopens /dev/stdout, which a socket cannot be). */
export class NginxPrefix {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'switchboard-nginx-'));
  readonly configFile = path.join(this.dir, 'switchboard.conf');
  private readonly outputFile = path.join(this.dir, 'output.txt');
  private process: ChildProcess | null = null;

  constructor() {
    // nginx started as root runs its workers as nobody: they must reach the prefix.
    chmodSync(this.dir, 0o755);
  }

  private args(extra: string[]): string[] {
    return [...extra, '-e', 'stderr', '-p', `${this.dir}/`, '-c', this.configFile];
  }

  /** `nginx -t` of `text`. */
  test(text: string): { status: number | null; output: string } {
    writeFileSync(this.configFile, text);
    const fd = openSync(this.outputFile, 'w');
    try {
      const { status } = spawnSync('nginx', this.args(['-t']), { stdio: ['ignore', fd, fd] });
      return { status, output: readFileSync(this.outputFile, 'utf8') };
    } finally {
      closeSync(fd);
    }
  }

  /** Runs nginx in the foreground with `text` until `stop()`. */
  start(text: string): void {
    writeFileSync(this.configFile, text);
    const fd = openSync(this.outputFile, 'w');
    try {
      this.process = spawn('nginx', this.args(['-g', 'daemon off;']), { stdio: ['ignore', fd, fd] });
    } finally {
      closeSync(fd);
    }
  }

  output(): string {
    return readFileSync(this.outputFile, 'utf8');
  }

  async stop(): Promise<void> {
    const proc = this.process;
    this.process = null;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
