// The gateway's in-process store is nobody else's (issue 10, attacks 1 and 8): a local user used to reach it on a
// loopback TCP port without a password, read the supervisors' password hashes and insert a supervisor. Now the
// gateway process has no TCP listener but its HTTP port, the store listens only on a Unix socket in a 0700
// directory (a short private one in tmp when DATA_DIR is too long for a socket path), and its files are 0600.
// The process and its sockets are found through /proc, as an attacker on the machine would look for them.
import { startGatewayProcess, type GatewayProcess } from '@switchboard/testing';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

interface Listeners {
  tcpPorts: number[];
  unixPaths: string[];
}

/** Listening sockets by inode: TCP ports from /proc/net/tcp{,6} (state 0A), socket paths from /proc/net/unix. */
function listeningSockets(): { tcp: Map<string, number>; unix: Map<string, string> } {
  const tcp = new Map<string, number>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] === '0A') tcp.set(cols[9], parseInt(cols[1].split(':')[1], 16));
    }
  }
  const unix = new Map<string, string>();
  for (const line of fs.readFileSync('/proc/net/unix', 'utf8').trim().split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    const listening = (parseInt(cols[3], 16) & 0x10000) !== 0; // __SO_ACCEPTCON
    if (listening && cols[7]) unix.set(cols[6], cols[7]);
  }
  return { tcp, unix };
}

function socketInodesOf(pid: string): Set<string> {
  const inodes = new Set<string>();
  let fds: string[] = [];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes; // gone, or not ours to look at
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** What the process holding the listener on `httpPort` listens on. */
function listenersOfGateway(httpPort: number): Listeners {
  const { tcp, unix } = listeningSockets();
  const httpInode = [...tcp].find(([, port]) => port === httpPort)?.[0];
  if (!httpInode) throw new Error(`nothing listens on ${httpPort}`);
  const pid = fs.readdirSync('/proc').find((entry) => /^\d+$/.test(entry) && socketInodesOf(entry).has(httpInode));
  if (!pid) throw new Error(`no process holds the listener on ${httpPort}`);
  const inodes = socketInodesOf(pid);
  return {
    tcpPorts: [...tcp].filter(([inode]) => inodes.has(inode)).map(([, port]) => port),
    unixPaths: [...unix].filter(([inode]) => inodes.has(inode)).map(([, p]) => p),
  };
}

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

/** Tries to connect to `socketPath` as nobody (uid/gid 65534); resolves with the error code, or 'connected'. */
async function connectAsNobody(socketPath: string): Promise<string> {
  const script = `const s = require('node:net').connect(${JSON.stringify(socketPath)});
s.on('connect', () => { console.log('connected'); s.destroy(); });
s.on('error', (e) => console.log(e.code));`;
  // Asynchronously: the control server below lives in this process and must be able to accept.
  const child = spawn(process.execPath, ['-e', script], { uid: 65534, gid: 65534, cwd: '/' });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return out.trim();
}

/** Control: nobody does connect to a socket anyone may use, so an EACCES below is the store's protection. */
async function nobodyReachesAnOpenSocket(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-open-'));
  fs.chmodSync(dir, 0o777);
  const socketPath = path.join(dir, 'open.sock');
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  fs.chmodSync(socketPath, 0o777);
  try {
    return await connectAsNobody(socketPath);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const describeOnLinux = process.platform === 'linux' ? describe : describe.skip;

describeOnLinux('the in-process embedded store', () => {
  let gateway: GatewayProcess | undefined;

  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
  });

  it('listens only on a Unix socket in the 0700 data directory, which another user cannot connect to', async () => {
    gateway = await startGatewayProcess();
    const listeners = listenersOfGateway(gateway.port);
    expect(listeners.tcpPorts).toEqual([gateway.port]); // the HTTP port and nothing else
    const dbDir = path.join(gateway.dataDir, 'db');
    expect(listeners.unixPaths).toEqual([path.join(dbDir, 'store.sock')]);
    expect(modeOf(dbDir)).toBe(0o700);
    for (const file of fs.readdirSync(dbDir)) expect([file, modeOf(path.join(dbDir, file))]).toEqual([file, 0o600]);
    if (process.getuid?.() === 0) {
      expect(await nobodyReachesAnOpenSocket()).toBe('connected');
      expect(await connectAsNobody(path.join(dbDir, 'store.sock'))).toBe('EACCES');
    }
    // The gateway itself works through the socket.
    expect((await fetch(`${gateway.url}/api/health`)).status).toBe(200);
  });

  it('puts the socket in a private directory in tmp when DATA_DIR is too long for a socket path', async () => {
    const longDataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-gw-long-')), 'd'.repeat(110));
    try {
      gateway = await startGatewayProcess({ dataDir: longDataDir });
      const listeners = listenersOfGateway(gateway.port);
      expect(listeners.tcpPorts).toEqual([gateway.port]);
      expect(listeners.unixPaths).toHaveLength(1);
      const socketPath = listeners.unixPaths[0];
      const socketDir = path.dirname(socketPath);
      expect(path.dirname(socketDir)).toBe(os.tmpdir());
      expect(modeOf(socketDir)).toBe(0o700);
      if (process.getuid?.() === 0) expect(await connectAsNobody(socketPath)).toBe('EACCES');
      expect(modeOf(path.join(longDataDir, 'db'))).toBe(0o700);
      await gateway.stop();
      gateway = undefined;
      expect(fs.existsSync(socketDir)).toBe(false); // removed with the store
    } finally {
      fs.rmSync(path.dirname(longDataDir), { recursive: true, force: true });
    }
  });
});
