// The Dockerfile, checked without a container engine: dockerfile-utils' linter, then the properties that
// matter for security and for the image to work (e2e/packaging/production-install.e2e.ts runs its runtime stage).
import { validate } from 'dockerfile-utils';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DOCKERFILE,
  ROOT,
  dockerignore,
  execForm,
  flagsOf,
  healthcheck,
  ofKind,
  placements,
  properties,
  readStages,
  runCommands,
  type Stage,
} from './dockerfile-model';

const content = readFileSync(DOCKERFILE, 'utf8');
const stages = readStages(content);
const runtime = stages[stages.length - 1];
const readJson = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;
const stageNames = new Set(stages.map((s) => s.name).filter(Boolean));

/** The stage the runtime copies `dist` folders from. */
function buildStage(): Stage {
  const distFrom = ofKind(runtime, 'COPY').find((c) => /\/dist(\s|$)/.test(c.getArgumentsContent() ?? ''));
  const stage = distFrom && stages.find((s) => s.name === flagsOf(distFrom).from);
  if (!stage) throw new Error('the runtime stage copies no dist folder from a named stage');
  return stage;
}

/** Workspace folders (root package.json `workspaces` globs of the form `dir/*`). */
function workspaceDirs(): string[] {
  const globs = readJson('package.json').workspaces as string[];
  return globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) throw new Error(`workspace glob ${glob} is not of the form dir/*`);
    const dir = glob.slice(0, -2);
    return readdirSync(path.join(ROOT, dir))
      .filter((name) => existsSync(path.join(ROOT, dir, name, 'package.json')))
      .map((name) => `${dir}/${name}`);
  });
}

describe('Dockerfile', () => {
  it('lints clean with dockerfile-utils, which does report a broken instruction', () => {
    expect(validate(content)).toEqual([]);
    const broken = content.replace('HEALTHCHECK --interval=15s', 'HEALTHCHECK --interval=soon').replace(/^USER .*$/m, 'USR nobody');
    expect(validate(broken).map((d) => d.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/duration/i), expect.stringMatching(/unknown instruction/i)]),
    );
  });

  it('pins every base image to a version tag (never latest or untagged)', () => {
    const external = stages.map((s) => s.from).filter((from) => !stageNames.has(from.getImage() ?? ''));
    expect(external.length).toBeGreaterThan(0);
    for (const from of external) {
      expect({ image: from.getImage(), tag: from.getImageTag() }).toEqual({ image: from.getImage(), tag: expect.stringMatching(/^\d+(\.\d+)*(-[a-z0-9.-]+)?$/) });
    }
    // The Node major the image runs satisfies the engines of package.json.
    const nodeMajor = Number(runtime.from.getImageTag()?.split(/[.-]/)[0]);
    const engineMajor = Number(/(\d+)/.exec(String((readJson('package.json').engines as { node: string }).node))?.[1]);
    expect(nodeMajor).toBeGreaterThanOrEqual(engineMajor);
  });

  it('builds with the dev dependencies in an earlier stage: the whole context, npm ci and the Nx build', () => {
    const build = buildStage();
    expect(build).not.toBe(runtime);
    const builds = stages.slice(0, stages.indexOf(runtime));
    const commands = builds.flatMap((s) => ofKind(s, 'RUN').flatMap(runCommands));
    const install = commands.find((c) => c.startsWith('npm ci'));
    expect(install).toBeDefined();
    expect(install).not.toMatch(/--omit=dev|--production/);
    expect(commands.some((c) => /\bnx run-many -t build\b/.test(c))).toBe(true);
    // The build stage holds the whole context, built in place: what production-install.e2e.ts models.
    expect(ofKind(build, 'COPY').map((c) => c.getArgumentsContent())).toContain('. .');
  });

  it('installs only production dependencies in the final stage, without install scripts', () => {
    const installs = ofKind(runtime, 'RUN')
      .flatMap(runCommands)
      .filter((c) => /^(npm|yarn|pnpm)\b/.test(c) && !c.startsWith('npm cache clean'));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/^npm ci /);
    expect(installs[0].split(' ')).toEqual(expect.arrayContaining(['--omit=dev', '--ignore-scripts']));
  });

  it('copies into the final stage only manifests and built folders: every workspace manifest, the dist of the apps and of the gateway libraries', () => {
    const placed = placements(stages, runtime, { [buildStage().name as string]: '/app' }).map((p) => path.posix.relative('/app', p.image));
    for (const rel of placed) expect(rel).toMatch(/^((apps|libs)\/[^/]+\/)?(package\.json|package-lock\.json)$|^(apps|libs)\/[^/]+\/dist$/);
    expect(placed).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', ...workspaceDirs().map((d) => `${d}/package.json`)]));
    // The gateway, the two browser apps it serves, and every workspace library the gateway imports at run time.
    const gatewayLibs = new Set<string>();
    const visit = (dir: string) => {
      const deps = Object.keys((readJson(`${dir}/package.json`).dependencies as Record<string, string>) ?? {});
      for (const dep of deps.filter((d) => d.startsWith('@switchboard/'))) {
        const libDir = workspaceDirs().find((d) => readJson(`${d}/package.json`).name === dep);
        if (!libDir) throw new Error(`${dep} is not a workspace`);
        if (!gatewayLibs.has(libDir)) {
          gatewayLibs.add(libDir);
          visit(libDir);
        }
      }
    };
    visit('apps/gateway');
    expect(gatewayLibs.size).toBeGreaterThan(0);
    expect(placed).toEqual(
      expect.arrayContaining(['apps/gateway/dist', 'apps/customer-widget/dist', 'apps/agent-console/dist', ...[...gatewayLibs].map((d) => `${d}/dist`)]),
    );
  });

  it('runs as an unprivileged user created in the final stage, which owns only /data (0700)', () => {
    const users = ofKind(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1].getArgumentsContent() ?? '';
    const [uid, gid] = user.split(':');
    expect(uid).toMatch(/^\d+$/); // numeric, so that runAsNonRoot-style checks can verify it
    expect(Number(uid)).toBeGreaterThanOrEqual(1000);
    expect(gid === undefined || Number(gid) >= 1000).toBe(true);
    const commands = ofKind(runtime, 'RUN').flatMap(runCommands);
    expect(commands.some((c) => c.startsWith('useradd') && c.includes(`--uid ${uid}`))).toBe(true);
    expect(commands).toEqual(expect.arrayContaining(['mkdir /data', expect.stringMatching(/^chown \S+ \/data$/), 'chmod 0700 /data']));
    // Nothing is copied with --chown: the application files stay root's, read-only to the gateway.
    for (const copy of ofKind(runtime, 'COPY')) expect(Object.keys(flagsOf(copy))).not.toContain('chown');
    // The instructions after USER run nothing as that user at build time, and none switches back.
    const afterUser = runtime.instructions.slice(runtime.instructions.indexOf(users[users.length - 1]) + 1).map((i) => i.getKeyword());
    expect(afterUser).not.toContain('RUN');
    expect(users.every((u) => !/^(root|0)(:|$)/.test(u.getArgumentsContent() ?? ''))).toBe(true);
  });

  it('checks its health with node against /api/health (slim images have no curl)', () => {
    const checks = ofKind(runtime, 'HEALTHCHECK');
    expect(checks).toHaveLength(1);
    const { flags, command } = healthcheck(checks[0]);
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toContain('/api/health');
    expect(command.join(' ')).not.toMatch(/\b(curl|wget)\b/);
    expect(Object.keys(flags)).toEqual(expect.arrayContaining(['interval', 'timeout', 'start-period', 'retries']));
  });

  it('defaults to production, keeps DATA_DIR on a volume, and starts the gateway with its own Node flags', () => {
    const env = Object.fromEntries(properties(runtime, 'ENV').map((p) => [p.name, p.value]));
    expect(env).toMatchObject({ NODE_ENV: 'production', DATA_DIR: '/data' });
    expect(ofKind(runtime, 'VOLUME').map((v) => v.getArgumentsContent())).toEqual(['["/data"]']);
    expect(ofKind(runtime, 'EXPOSE').map((e) => e.getArgumentsContent())).toEqual([env.PORT]);
    const nodeFlags = (readJson('apps/gateway/package.json').switchboard as { nodeFlags: string[] }).nodeFlags;
    expect(execForm(ofKind(runtime, 'CMD')[0])).toEqual(['node', ...nodeFlags, 'apps/gateway/dist/main.js']);
    expect(ofKind(runtime, 'ENTRYPOINT')).toHaveLength(0);
  });

  it('keeps secrets out of ENV and ARG in every stage', () => {
    const named = stages.flatMap((s) => [...properties(s, 'ENV'), ...properties(s, 'ARG')]);
    expect(named.length).toBeGreaterThan(0);
    for (const { name, value } of named) {
      expect(name).not.toMatch(/secret|passw|token|credential|private|api_?key|auth/i);
      expect(value).not.toMatch(/^[A-Za-z0-9+/_=-]{24,}$/); // nothing that looks like a key
    }
  });

  it('carries OCI labels that match the packages', () => {
    const labels = Object.fromEntries(properties(runtime, 'LABEL').map((p) => [p.name, p.value]));
    expect(labels).toMatchObject({
      'org.opencontainers.image.title': expect.any(String),
      'org.opencontainers.image.licenses': readJson('package.json').license,
      'org.opencontainers.image.version': readJson('apps/gateway/package.json').version,
    });
  });
});

describe('.dockerignore', () => {
  const ignored = dockerignore();

  it('keeps installed modules, build output, data, git and secrets out of the build context', () => {
    for (const file of [
      'node_modules/jest/package.json',
      'apps/gateway/node_modules/x/index.js',
      'apps/gateway/dist/main.js',
      'apps/agent-console/dist/index.html',
      'libs/protocol/tsconfig.lib.tsbuildinfo',
      '.git/HEAD',
      '.nx/cache/x',
      'data/db/journal.bin',
      'apps/gateway/data/jwt-secret',
      '.env',
      'deploy/compose/.env.production',
      'deploy/tls/privkey.pem',
      'deploy/gateway.env',
    ]) {
      expect({ file, ignored: ignored(file) }).toEqual({ file, ignored: true });
    }
  });

  it('keeps every tracked source file the build needs', () => {
    const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && existsSync(path.join(ROOT, f)));
    expect(tracked.length).toBeGreaterThan(100);
    const packagingOnly = new Set(['Dockerfile', '.dockerignore', 'compose.yaml']);
    expect(tracked.filter((f) => !packagingOnly.has(f) && ignored(f))).toEqual([]);
  });
});
