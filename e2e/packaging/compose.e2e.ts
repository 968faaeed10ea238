// compose.yaml, checked without a container engine: the Compose Specification's schema, the production
// layout of docs/deployment.md, its security properties, its variables as scripts/compose-env.mjs writes
// them, the nginx config (nginx -t) and the replica-set init script (run against a stand-in for mongosh).
import Ajv from 'ajv';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { parse } from 'yaml';
import { ROOT, ofKind, properties, readStages } from './dockerfile-model';
import { COMPOSE_NGINX_CONF, NginxPrefix, localNginxConfig } from './local-nginx';

interface Service {
  image?: string;
  build?: string | { context: string; dockerfile?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
  volumes?: string[];
  restart?: string;
  user?: string;
  privileged?: boolean;
  read_only?: boolean;
  cap_add?: string[];
  cap_drop?: string[];
  security_opt?: string[];
  network_mode?: string;
  pid?: string;
  ipc?: string;
  [key: string]: unknown;
}
interface ComposeFile {
  services: Record<string, Service>;
  networks: Record<string, { internal?: boolean; ipam?: { config: Array<{ subnet: string }> } } | null>;
  volumes: Record<string, unknown>;
}

const COMPOSE_FILE = path.join(ROOT, 'compose.yaml');
const raw = readFileSync(COMPOSE_FILE, 'utf8');
const load = (text: string) => parse(text, { merge: true }) as ComposeFile;
const compose = load(raw);
const { services } = compose;
const GATEWAYS = ['gateway1', 'gateway2'];
const MONGO_MEMBERS = ['mongo1', 'mongo2', 'mongo3'];
const runtime = readStages()[readStages().length - 1];

/** Compose's interpolation: ${VAR}, ${VAR:-default}, ${VAR:?error}, $$ for a literal $. */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (match, name?: string, op?: string, arg?: string) => {
    if (match === '$$') return '$';
    const value = env[name as string];
    if (op === '?' && !value) throw new Error(`required variable ${name} is missing a value: ${arg}`);
    if (op === '-' && !value) return arg ?? '';
    return value ?? '';
  });
}

/** A multi-host MongoDB URI (WHATWG URL cannot parse one). */
function mongoUri(uri: string) {
  const match = /^mongodb:\/\/([^:@]+):([^@]+)@([^/]+)\/([^?]+)\?(.*)$/.exec(uri);
  if (!match) throw new Error(`not a mongodb://user:password@hosts/db?options URI: ${uri}`);
  return { user: match[1], password: match[2], hosts: match[3].split(','), db: match[4], params: new URLSearchParams(match[5]) };
}

/** The variables compose.yaml requires (${VAR:?...}). */
const required = [...new Set([...raw.matchAll(/\$\{([A-Z0-9_]+):\?/g)].map((m) => m[1]))];

function writeEnvFile(dir: string, extraArgs: string[] = []): { status: number | null; file: string; stderr: string } {
  const file = path.join(dir, '.env');
  const previous = process.umask(0); // the helper must not rely on the caller's umask
  try {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts/compose-env.mjs'), '--file', file, ...extraArgs], { encoding: 'utf8' });
    return { status: result.status, file, stderr: result.stderr };
  } finally {
    process.umask(previous);
  }
}

const parseEnvFile = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

const schemaValidator = () => {
  const schema = JSON.parse(readFileSync(path.join(__dirname, 'compose-spec/compose-spec.json'), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, validateSchema: false });
  return ajv.compile(schema);
};

describe('compose.yaml', () => {
  it('is valid against the Compose Specification schema, which does reject a malformed service', () => {
    const validate = schemaValidator();
    expect({ valid: validate(compose), errors: validate.errors ?? [] }).toEqual({ valid: true, errors: [] });
    const broken = load(raw);
    (broken.services.nginx as Record<string, unknown>).portz = ['80:80'];
    (broken.services.redis as Record<string, unknown>).healthcheck = { test: 42 };
    expect(validate(broken)).toBe(false);
  });

  it('runs the production layout: a three-member replica set, Redis, two gateways from the Dockerfile, nginx', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining([...MONGO_MEMBERS, 'mongo-init', 'redis', ...GATEWAYS, 'nginx']));
    for (const name of GATEWAYS) {
      expect({ name, build: services[name].build, image: services[name].image }).toEqual({ name, build: '.', image: services.gateway1.image });
    }
    for (const name of [...MONGO_MEMBERS, 'redis', 'nginx']) expect(services[name].image).toMatch(/^[a-z0-9/.-]+:\d+(\.\d+)*(-[a-z0-9]+)?$/);
    for (const name of MONGO_MEMBERS) {
      expect(services[name].command).toEqual(expect.arrayContaining(['mongod', '--replSet', 'rs0', '--keyFile']));
    }
  });

  it('health-checks every long-running service, and each dependency waits for health or completion', () => {
    const oneShot = (name: string) => services[name].restart === 'no';
    for (const [name, service] of Object.entries(services)) {
      if (oneShot(name)) continue;
      // The gateways use the image's HEALTHCHECK (the Dockerfile's, checked in dockerfile.e2e.ts).
      const checked = service.healthcheck !== undefined || (service.build === '.' && ofKind(runtime, 'HEALTHCHECK').length === 1);
      expect({ name, checked }).toEqual({ name, checked: true });
      for (const [dep, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dep, condition }).toEqual({ name, dep, condition: oneShot(dep) ? 'service_completed_successfully' : 'service_healthy' });
      }
    }
    for (const name of GATEWAYS) expect(Object.keys(services[name].depends_on ?? {}).sort()).toEqual(['mongo-init', 'redis']);
    expect(Object.keys(services['mongo-init'].depends_on ?? {}).sort()).toEqual(MONGO_MEMBERS);
    expect(Object.keys(services.nginx.depends_on ?? {}).sort()).toEqual(GATEWAYS);
  });

  it('gives both gateways one configuration: the same JWT_SECRET, the replica set, Redis, PUBLIC_URL, and nginx as their only trusted proxy', () => {
    const [first, second] = GATEWAYS.map((name) => services[name].environment ?? {});
    expect(second).toEqual(first);
    expect(first.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?[^}]+\}$/); // required, never a default
    const mongo = mongoUri(first.MONGODB_URI);
    expect(mongo.hosts).toEqual(MONGO_MEMBERS.map((m) => `${m}:27017`));
    expect(mongo.params.get('replicaSet')).toBe('rs0');
    expect(mongo.db).toBe('switchboard');
    expect(/@([^:/]+):6379$/.exec(first.REDIS_URL)?.[1]).toBe('redis');
    expect(first.PUBLIC_URL).toMatch(/^\$\{PUBLIC_URL:-https?:\/\/[^}]+\}$/);
    expect(first.NODE_ENV ?? 'production').toBe('production');
    // TRUST_PROXY is nginx's fixed address on the edge network, with the same default on both sides.
    const nginxAddress = (services.nginx.networks as Record<string, { ipv4_address: string }>).edge.ipv4_address;
    expect(first.TRUST_PROXY).toBe(nginxAddress);
    const defaultAddress = /:-([\d.]+)\}/.exec(nginxAddress)?.[1] as string;
    const subnet = /:-([\d.]+)\/24\}/.exec(compose.networks.edge?.ipam?.config[0].subnet ?? '')?.[1] as string;
    expect(defaultAddress.split('.').slice(0, 3)).toEqual(subnet.split('.').slice(0, 3));
  });

  it('publishes only nginx, on loopback unless told otherwise; MongoDB and Redis only on an internal network', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports?.length).map(([name]) => name);
    expect(published).toEqual(['nginx']);
    expect(services.nginx.ports).toEqual([expect.stringMatching(/^\$\{HTTP_BIND:-127\.0\.0\.1\}:\$\{HTTP_PORT:-\d+\}:8080$/)]);
    expect(compose.networks.backend?.internal).toBe(true);
    for (const name of [...MONGO_MEMBERS, 'mongo-init', 'redis']) expect({ name, networks: services[name].networks }).toEqual({ name, networks: ['backend'] });
    for (const name of GATEWAYS) expect(services[name].networks).toEqual(['edge', 'backend']);
    expect(Object.keys(services.nginx.networks ?? {})).toEqual(['edge']);
  });

  it('runs nothing privileged: no new privileges anywhere, no host namespaces or Docker socket, gateways and nginx read-only, unprivileged, with no capabilities', () => {
    for (const [name, s] of Object.entries(services)) {
      expect({ name, privileged: s.privileged ?? false, nnp: s.security_opt }).toEqual({ name, privileged: false, nnp: ['no-new-privileges:true'] });
      expect([s.network_mode, s.pid, s.ipc].filter((v) => v === 'host')).toEqual([]);
      expect((s.volumes ?? []).filter((v) => v.includes('docker.sock'))).toEqual([]);
      // Only the one-shot that hands the key file to MongoDB's user may change ownership.
      expect({ name, cap_add: s.cap_add ?? [] }).toEqual({ name, cap_add: name === 'mongo-keyfile' ? ['CHOWN', 'FOWNER'] : [] });
    }
    for (const name of [...GATEWAYS, 'nginx', 'redis', 'mongo-init', 'mongo-keyfile']) {
      expect({ name, read_only: services[name].read_only, cap_drop: services[name].cap_drop }).toEqual({ name, read_only: true, cap_drop: ['ALL'] });
    }
    // MongoDB's entrypoint drops to its own user by itself; the key-file one-shot runs as root without capabilities but two.
    for (const name of ['nginx', 'redis', 'mongo-init']) expect(services[name].user).toMatch(/^(?!root$|0(:|$))\w+/);
    // The gateways run as the image's USER (non-root: dockerfile.e2e.ts).
    for (const name of GATEWAYS) expect(services[name].user).toBeUndefined();
  });

  it('requires a password for MongoDB and Redis, and keeps every secret off command lines', () => {
    for (const name of MONGO_MEMBERS) expect(services[name].command).toContain('--keyFile');
    expect(services.mongo1.environment?.MONGO_INITDB_ROOT_PASSWORD).toMatch(/^\$\{MONGO_ROOT_PASSWORD:\?/);
    const redisScript = (services.redis.entrypoint ?? []).join(' ');
    expect(redisScript).toContain("printf 'requirepass %s\\n' \"$$REDIS_PASSWORD\"");
    for (const [name, s] of Object.entries(services)) {
      // `$$VAR` reaches the container's shell, which reads its own environment; `${VAR}` would be written into the command.
      const commandLine = [...(s.command ?? []), ...(s.entrypoint ?? []), ...(s.healthcheck?.test ?? [])].join(' ');
      expect({ name, interpolated: commandLine.match(/(?<!\$)\$\{[A-Z_]+/g) ?? [] }).toEqual({ name, interpolated: [] });
    }
    expect(required.sort()).toEqual(['JWT_SECRET', 'MONGO_PASSWORD', 'MONGO_ROOT_PASSWORD', 'REDIS_PASSWORD']);
  });

  describe('with the .env that scripts/compose-env.mjs writes', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'switchboard-compose-env-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('has every required variable, fresh and distinct secrets, mode 0600 whatever the umask, and is never overwritten', () => {
      const first = writeEnvFile(dir, ['--public-url', 'https://chat.example.com']);
      expect(first.status).toBe(0);
      expect(statSync(first.file).mode & 0o777).toBe(0o600);
      const text = readFileSync(first.file, 'utf8');
      const env = parseEnvFile(text);
      for (const name of required) expect(env[name]).toMatch(/^[0-9a-f]{64}$/);
      expect(new Set(required.map((name) => env[name])).size).toBe(required.length);
      expect(env.PUBLIC_URL).toBe('https://chat.example.com');
      const again = writeEnvFile(dir);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/exists already/);
      expect(readFileSync(first.file, 'utf8')).toBe(text);
      expect(writeEnvFile(path.join(dir, 'sub'), ['--public-url', 'https://chat.example.com/path']).status).toBe(2);
    });

    it('interpolates into a valid file whose URLs carry the credentials; without a secret, interpolation fails', () => {
      const { file } = writeEnvFile(dir, ['--public-url', 'https://chat.example.com', '--http-port', '8443']);
      const env = parseEnvFile(readFileSync(file, 'utf8'));
      const resolved = load(interpolate(raw, env));
      const validate = schemaValidator();
      expect(validate(resolved)).toBe(true);
      const gatewayEnv = resolved.services.gateway1.environment ?? {};
      expect(gatewayEnv.JWT_SECRET).toBe(env.JWT_SECRET);
      expect(gatewayEnv.PUBLIC_URL).toBe('https://chat.example.com');
      const mongo = mongoUri(gatewayEnv.MONGODB_URI);
      expect([mongo.user, mongo.password, mongo.params.get('authSource')]).toEqual(['switchboard', env.MONGO_PASSWORD, 'admin']);
      const redis = new URL(gatewayEnv.REDIS_URL);
      expect([redis.hostname, redis.password]).toEqual(['redis', env.REDIS_PASSWORD]);
      expect(resolved.services.nginx.ports).toEqual(['127.0.0.1:8443:8080']);
      expect(resolved.services.redis.entrypoint?.join(' ')).toContain('"$REDIS_PASSWORD"');
      const { JWT_SECRET: _dropped, ...withoutSecret } = env;
      expect(() => interpolate(raw, withoutSecret)).toThrow(/JWT_SECRET/);
    });
  });

  const dockerCompose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  const composeAvailable = dockerCompose.status === 0;
  if (!composeAvailable) {
    console.log(`skipping "docker compose config": the Docker Compose plugin is not installed here (${(dockerCompose.error?.message ?? dockerCompose.stderr.trim()).split('\n')[0]})`);
  }
  (composeAvailable ? it : it.skip)('is accepted by docker compose config (where the Compose plugin is installed)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-compose-config-'));
    try {
      const { file } = writeEnvFile(dir);
      const result = spawnSync('docker', ['compose', '-f', COMPOSE_FILE, '--env-file', file, 'config', '--quiet'], { encoding: 'utf8', cwd: ROOT });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('deploy/compose/nginx.conf', () => {
  const conf = readFileSync(COMPOSE_NGINX_CONF, 'utf8');
  const template = readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8');
  const directives = (text: string, prefix: string) =>
    text
      .split('\n')
      .map((l) => l.replace(/#.*/, '').trim())
      .filter((l) => l.startsWith(prefix));

  it('proxies to the two gateway services on the port of the image, and listens where nginx is published', () => {
    const servers = directives(conf, 'server ').filter((l) => !l.endsWith('{')).map((l) => l.split(/\s+/)[1]);
    const imagePort = properties(runtime, 'ENV').find((p) => p.name === 'PORT')?.value;
    expect(servers).toEqual(GATEWAYS.map((g) => `${g}:${imagePort}`));
    expect(directives(conf, 'listen ')).toEqual(['listen 8080;']);
    const mount = (services.nginx.volumes ?? []).find((v) => v.startsWith('./deploy/compose/nginx.conf:'));
    expect(mount?.split(':')[1]).toBe(services.nginx.entrypoint?.[services.nginx.entrypoint.indexOf('-c') + 1]);
  });

  it('keeps every proxy setting of deploy/nginx.conf (upgrade, timeouts, streaming, failover) and ip_hash', () => {
    const settings = [...directives(template, 'proxy_'), ...directives(template, 'ip_hash'), ...directives(template, 'keepalive')];
    // Temp paths depend on the prefix, not on proxying.
    for (const line of settings.filter((l) => !/_temp_path /.test(l))) {
      expect(directives(conf, line.split(/\s+/)[0])).toContain(line);
    }
    expect(conf).toMatch(/map \$http_upgrade \$connection_upgrade/);
    expect(conf).toMatch(/client_max_body_size \d+m;/);
    // Internal addresses and metrics stay internal in production.
    expect(conf).not.toContain('X-Switchboard-Upstream');
    expect(conf).toMatch(/location = \/metrics \{\s*return 404;\s*\}/);
  });

  it('passes nginx -t (the service names pointed at loopback, since they only resolve inside compose), which refuses a broken file', async () => {
    const nginx = new NginxPrefix();
    try {
      const testable = localNginxConfig({ log: console.log });
      expect(nginx.test(testable)).toEqual({ status: 0, output: expect.stringContaining('test is successful') });
      expect(nginx.test(testable.replace('proxy_read_timeout 3600s;', 'proxy_read_timeout;')).status).not.toBe(0);
    } finally {
      await nginx.stop();
    }
  });
});

describe('deploy/compose/mongo-init.js against a stand-in for mongosh and mongod', () => {
  const script = readFileSync(path.join(ROOT, 'deploy/compose/mongo-init.js'), 'utf8');

  /** The replica set's side of the commands the script sends, with the error shapes mongosh throws. */
  function replicaSet(options: { rootPassword: string; refuseConnections?: number; initiated?: boolean; users?: string[] }) {
    const state = { initiated: options.initiated ?? false, helloCalls: 0, users: new Map((options.users ?? []).map((u) => [u, {}])), commands: [] as string[] };
    let refusals = options.refuseConnections ?? 0;
    const serverError = (codeName: string) => Object.assign(new Error(codeName), { codeName });
    class Mongo {
      constructor(readonly uri: string) {
        if (refusals > 0) {
          refusals--;
          throw new Error('connect ECONNREFUSED');
        }
      }
      getDB(name: string) {
        let authenticated = false;
        return {
          auth: (user: string, pwd: string) => {
            if (name !== 'admin' || user !== 'root' || pwd !== options.rootPassword) throw serverError('AuthenticationFailed');
            authenticated = true;
            return { ok: 1 };
          },
          runCommand: (command: Record<string, unknown>) => {
            const verb = Object.keys(command)[0];
            state.commands.push(verb === 'replSetInitiate' ? `replSetInitiate ${JSON.stringify(command.replSetInitiate)}` : verb);
            if (!authenticated && verb !== 'hello') throw serverError('Unauthorized');
            switch (verb) {
              case 'replSetGetStatus':
                if (!state.initiated) throw serverError('NotYetInitialized');
                return { ok: 1, set: 'rs0' };
              case 'replSetInitiate':
                if (state.initiated) throw serverError('AlreadyInitialized');
                state.initiated = true;
                return { ok: 1 };
              case 'hello':
                // An election takes a few polls after initiation.
                return { ok: 1, isWritablePrimary: state.initiated && ++state.helloCalls > 3 };
              case 'usersInfo':
                return { ok: 1, users: state.users.has(command.usersInfo as string) ? [{ user: command.usersInfo }] : [] };
              case 'createUser':
              case 'updateUser':
                state.users.set(command[verb] as string, { pwd: command.pwd, roles: command.roles });
                return { ok: 1 };
              default:
                throw serverError('CommandNotFound');
            }
          },
        };
      }
    }
    return { state, Mongo };
  }

  function run(rs: ReturnType<typeof replicaSet>, env: Record<string, string>) {
    const printed: string[] = [];
    let slept = 0;
    runInNewContext(script, { Mongo: rs.Mongo, sleep: () => void slept++, print: (line: string) => printed.push(line), process: { env } }, { timeout: 5000 });
    return { printed, slept };
  }
  const env = { MONGO_ROOT_PASSWORD: 'root-password', MONGO_PASSWORD: 'app-password' };

  it('initiates rs0 with the three compose members, waits for mongo1 to be primary, creates the gateways user with the URI database', () => {
    const rs = replicaSet({ rootPassword: env.MONGO_ROOT_PASSWORD, refuseConnections: 3 });
    const { printed, slept } = run(rs, env);
    expect(slept).toBeGreaterThanOrEqual(3);
    const initiate = rs.state.commands.find((c) => c.startsWith('replSetInitiate')) as string;
    const config = JSON.parse(initiate.slice('replSetInitiate '.length)) as { _id: string; members: Array<{ host: string; priority: number }> };
    expect(config._id).toBe('rs0');
    expect(config.members.map((m) => m.host)).toEqual(MONGO_MEMBERS.map((m) => `${m}:27017`));
    expect(config.members[0].priority).toBeGreaterThan(config.members[1].priority);
    const { user, db } = mongoUri(services.gateway1.environment?.MONGODB_URI ?? '');
    expect(rs.state.users.get(user)).toEqual({ pwd: env.MONGO_PASSWORD, roles: [{ role: 'readWrite', db }] });
    expect(printed).toEqual(['replica set rs0 initiated', `user ${user} created`]);
  });

  it('on a later start, initiates nothing and brings the password in step', () => {
    const rs = replicaSet({ rootPassword: env.MONGO_ROOT_PASSWORD, initiated: true, users: ['switchboard'] });
    const { printed } = run(rs, { ...env, MONGO_PASSWORD: 'rotated-password' });
    expect(rs.state.commands.filter((c) => c.startsWith('replSetInitiate'))).toEqual([]);
    expect(rs.state.users.get('switchboard')).toMatchObject({ pwd: 'rotated-password' });
    expect(printed).toEqual(['replica set rs0 already initiated', 'user switchboard updated']);
  });

  it('fails at once (so the gateways never start) on a wrong or missing password, and gives up on an unreachable mongo1 after bounded tries', () => {
    const wrong = replicaSet({ rootPassword: 'something-else' });
    expect(() => run(wrong, env)).toThrow(/AuthenticationFailed/);
    expect(wrong.state.initiated).toBe(false);
    const missing = replicaSet({ rootPassword: env.MONGO_ROOT_PASSWORD });
    expect(() => run(missing, { MONGO_PASSWORD: 'x' })).toThrow(/MONGO_ROOT_PASSWORD is not set/);
    expect(missing.state.commands).toEqual([]);
    const down = replicaSet({ rootPassword: env.MONGO_ROOT_PASSWORD, refuseConnections: 1_000 });
    expect(() => run(down, env)).toThrow(/connect to mongo1: gave up after 120 attempts \(connect ECONNREFUSED\)/);
  });

  it('is the file mongo-init mounts and runs', () => {
    const init = services['mongo-init'];
    const target = init.entrypoint?.[init.entrypoint.indexOf('--file') + 1];
    expect(init.volumes).toContain(`./deploy/compose/mongo-init.js:${target}:ro`);
    expect(init.entrypoint?.slice(0, 2)).toEqual(['mongosh', '--nodb']);
    expect(Object.keys(init.environment ?? {}).sort()).toEqual(['HOME', 'MONGO_PASSWORD', 'MONGO_ROOT_PASSWORD']);
  });
});
