// Which process listens where, read from /proc as anyone on the machine could: the harness uses it to make sure
// the gateway it started is the one answering on its port, and the store's tests to see what a gateway exposes.
import fs from 'node:fs';

export interface Listeners {
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
  if (fs.existsSync('/proc/net/unix')) {
    for (const line of fs.readFileSync('/proc/net/unix', 'utf8').trim().split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const listening = (parseInt(cols[3], 16) & 0x10000) !== 0; // __SO_ACCEPTCON
      if (listening && cols[7]) unix.set(cols[6], cols[7]);
    }
  }
  return { tcp, unix };
}

function socketInodesOf(pid: number | string): Set<string> {
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

/** What process `pid` listens on (empty lists where /proc is not there to read). */
export function listenersOf(pid: number | string): Listeners {
  const { tcp, unix } = listeningSockets();
  const inodes = socketInodesOf(pid);
  return {
    tcpPorts: [...tcp].filter(([inode]) => inodes.has(inode)).map(([, port]) => port),
    unixPaths: [...unix].filter(([inode]) => inodes.has(inode)).map(([, p]) => p),
  };
}

/**
 * Whether `pid` holds the listener on `port`. Where /proc cannot tell (not Linux), true: the caller's health
 * check is then all there is.
 */
export function listensOn(pid: number, port: number): boolean {
  if (!fs.existsSync('/proc/net/tcp')) return true;
  return listenersOf(pid).tcpPorts.includes(port);
}
