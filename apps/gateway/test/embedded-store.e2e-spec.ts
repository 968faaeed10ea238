// The gateway's in-process store is nobody else's (issue 10, attacks 1 and 8): a local user used to reach it on a
// loopback TCP port without a password, read the supervisors' password hashes and insert a supervisor. Now the
// gateway process has no TCP listener but its HTTP port, the store listens only on a Unix socket in a 0700
// directory (a short private one in tmp when DATA_DIR is too long for a socket path), and its files are 0600.
// The process's sockets are read from /proc, as an attacker on the machine would look for them.
import { listenersOf, startGatewayProcess, type GatewayProcess } from '@switchboard/testing';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

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
    const listeners = listenersOf(gateway.pid() ?? 0);
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
      const listeners = listenersOf(gateway.pid() ?? 0);
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
