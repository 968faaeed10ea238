// TCP and Unix socket server: frames messages per connection, runs each command synchronously against the catalog,
// and sends the reply once the journal holds every write the command made. What a connection may cost is bounded:
// connections are capped, a message's declared length is checked against the connection's limit and its bytes are
// reserved in a budget shared by all connections before they are buffered, a message must arrive whole within a
// time limit, and a connection that does not read its replies is not read from either.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { AuthSession } from '../auth/session';
import type { ScramAuthority } from '../auth/scram';
import type { Catalog } from '../engine/catalog';
import { CursorStore } from '../commands/cursors';
import { isWriteCommand, runCommand, writeWeight } from '../commands/dispatcher';
import type { Doc } from '../engine/values';
import { makePrivate } from '../storage/private-files';
import { FLAG_MORE_TO_COME, MAX_MESSAGE_SIZE, OP_MSG, ProtocolError, encodeReply, parseMessage } from './messages';

export interface WriteRunner {
  /** Runs `work` in the next write transaction; resolves with its result once that is committed (and synced). */
  write<T>(work: () => T, weight?: number): Promise<T>;
}

export interface WireLimits {
  /** Open connections at most; one more is closed at once. */
  maxConnections: number;
  /** Largest message a connection may send (hello's maxMessageSizeBytes); a longer one closes the connection. */
  maxMessageBytes: number;
  /**
   * Bytes reserved, across all connections, for messages still arriving. A message that does not fit waits (its
   * connection is not read) until earlier ones complete or are dropped.
   */
  maxPendingBytes: number;
  /** A message must arrive whole within this many milliseconds of its first bytes, else its connection is closed. */
  messageTimeoutMs: number;
}

export const DEFAULT_WIRE_LIMITS: WireLimits = {
  maxConnections: 1000,
  maxMessageBytes: MAX_MESSAGE_SIZE,
  maxPendingBytes: 64 * 1024 * 1024,
  messageTimeoutMs: 60_000,
};

/** Before authentication only the handshake and SASL messages are expected: a few hundred bytes. */
const UNAUTHENTICATED_MESSAGE_BYTES = 64 * 1024;
/** Replies queued for a client that does not read them; past this the connection is not read until they drain. */
const WRITE_BACKLOG_BYTES = 16 * 1024 * 1024;
const MIN_MESSAGE_BYTES = 21; // header + flags + one section kind

export interface WireStats {
  connections: number;
  /** Connections closed at once because the cap was reached. */
  refusedConnections: number;
  /** Bytes reserved for messages being assembled (never above maxPendingBytes). */
  reservedBytes: number;
  /** Bytes actually held for messages being assembled. */
  bufferedBytes: number;
  /** Connections waiting for budget. */
  waitingConnections: number;
  /** Reply bytes queued for clients that have not read them yet. */
  unsentReplyBytes: number;
}

class Connection {
  chunks: Buffer[] = [];
  buffered = 0;
  /** Declared length of the message being assembled; 0 until its header is in. */
  expected = 0;
  /** Budget held for that message. */
  reserved = 0;
  waitingForBudget = false;
  writeBlocked = false;
  closed = false;
  timer: NodeJS.Timeout | null = null;

  constructor(
    readonly id: number,
    readonly socket: net.Socket,
    readonly session: AuthSession,
  ) {}
}

export class WireServer {
  private readonly listeners: net.Server[] = [];
  private unixPath: string | null = null;
  private readonly open = new Map<net.Socket, Connection>();
  private readonly cursors = new CursorStore();
  private readonly waiting: Connection[] = [];
  private created = 0;
  private refused = 0;
  private reserved = 0;

  constructor(
    private readonly catalog: Catalog,
    private readonly store: WriteRunner,
    private readonly log: (line: string) => void,
    private readonly limits: WireLimits,
    private readonly authority: ScramAuthority | null,
  ) {
    if (limits.maxMessageBytes > MAX_MESSAGE_SIZE || limits.maxMessageBytes < 1024) {
      throw new Error(`maxMessageBytes must be between 1024 and ${MAX_MESSAGE_SIZE}`);
    }
    // Below one message of the largest size such a message could never be reserved.
    if (limits.maxPendingBytes < limits.maxMessageBytes) throw new Error('maxPendingBytes must be at least maxMessageBytes');
    if (!(limits.maxConnections >= 1) || !(limits.messageTimeoutMs >= 1)) throw new Error('maxConnections and messageTimeoutMs must be positive');
  }

  listen(port: number, host: string): Promise<{ port: number; host: string }> {
    const server = this.createServer();
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        const addr = server.address() as net.AddressInfo;
        resolve({ port: addr.port, host: addr.address });
      });
    });
  }

  /**
   * Accepts connections on the Unix socket at `socketPath`, which must lie in a directory only this user can enter
   * (the data directory, 0700): the socket is the store's only access control without authentication. A file left
   * there by a store that was killed is removed first: the caller holds the data directory's lock.
   */
  async listenUnix(socketPath: string): Promise<void> {
    assertPrivateDirectory(path.dirname(socketPath));
    fs.rmSync(socketPath, { force: true });
    const server = this.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.unixPath = socketPath;
    makePrivate(socketPath);
  }

  stats(): WireStats {
    let buffered = 0;
    let unsent = 0;
    for (const c of this.open.values()) {
      buffered += c.buffered;
      unsent += c.socket.writableLength;
    }
    return {
      connections: this.open.size,
      refusedConnections: this.refused,
      reservedBytes: this.reserved,
      bufferedBytes: buffered,
      waitingConnections: this.waiting.length,
      unsentReplyBytes: unsent,
    };
  }

  async close(): Promise<void> {
    const closed = this.listeners.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    for (const socket of this.open.keys()) socket.destroy();
    this.cursors.close();
    await Promise.all(closed);
    if (this.unixPath) fs.rmSync(this.unixPath, { force: true });
  }

  private createServer(): net.Server {
    const server = net.createServer((socket) => this.accept(socket));
    this.listeners.push(server);
    return server;
  }

  private accept(socket: net.Socket): void {
    if (this.open.size >= this.limits.maxConnections) {
      this.refused++;
      if (this.refused === 1 || this.refused % 1000 === 0) {
        this.log(`refusing connections: ${this.limits.maxConnections} are open (${this.refused} refused so far)`);
      }
      socket.destroy();
      return;
    }
    const id = ++this.created;
    const conn = new Connection(id, socket, new AuthSession(this.authority, (line) => this.log(`connection ${id}: ${line}`)));
    this.open.set(socket, conn);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      conn.chunks.push(chunk);
      conn.buffered += chunk.length;
      this.pump(conn);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.forget(conn));
  }

  /** Takes every complete message off the connection's buffer, and budgets the one still arriving. */
  private pump(conn: Connection): void {
    while (!conn.closed && !conn.writeBlocked) {
      if (conn.expected === 0) {
        if (conn.buffered < 4) break;
        const head = conn.chunks[0].length >= 4 ? conn.chunks[0] : Buffer.concat(conn.chunks, conn.buffered);
        const length = head.readInt32LE(0);
        const limit = conn.session.locked ? Math.min(UNAUTHENTICATED_MESSAGE_BYTES, this.limits.maxMessageBytes) : this.limits.maxMessageBytes;
        if (length < MIN_MESSAGE_BYTES || length > limit) {
          this.drop(conn, `message length ${length} out of bounds (limit ${limit})`);
          return;
        }
        conn.expected = length;
      }
      if (conn.buffered < conn.expected) break;
      const all = conn.chunks.length === 1 ? conn.chunks[0] : Buffer.concat(conn.chunks, conn.buffered);
      const message = all.subarray(0, conn.expected);
      const rest = all.subarray(conn.expected);
      conn.chunks = rest.length ? [rest] : [];
      conn.buffered = rest.length;
      conn.expected = 0;
      this.messageDone(conn);
      if (!this.handle(conn, message)) return;
    }
    if (conn.closed || conn.buffered === 0) return;
    // Part of a message is held: it has a deadline, and once its length is known, a reservation.
    conn.timer ??= setTimeout(() => this.drop(conn, `message not complete after ${this.limits.messageTimeoutMs} ms`), this.limits.messageTimeoutMs);
    if (conn.expected > 0 && conn.reserved === 0 && !conn.waitingForBudget) {
      if (this.tryReserve(conn)) return;
      conn.waitingForBudget = true;
      this.waiting.push(conn);
      this.updateFlow(conn);
    }
  }

  private tryReserve(conn: Connection): boolean {
    if (this.reserved + conn.expected > this.limits.maxPendingBytes) return false;
    this.reserved += conn.expected;
    conn.reserved = conn.expected;
    return true;
  }

  /** A message was completed (or its connection closed): its deadline, reservation or place in the queue end. */
  private messageDone(conn: Connection): void {
    if (conn.timer) clearTimeout(conn.timer);
    conn.timer = null;
    if (conn.waitingForBudget) {
      // Completed from bytes already read before the pause took effect.
      this.waiting.splice(this.waiting.indexOf(conn), 1);
      conn.waitingForBudget = false;
      this.updateFlow(conn);
    }
    if (conn.reserved === 0) return;
    this.reserved -= conn.reserved;
    conn.reserved = 0;
    this.admitWaiting();
  }

  /**
   * Grants freed budget to waiting connections, in arrival order among those that fit: a small message is not held
   * up behind a large one (messages of the largest size may wait longer when the budget is busy).
   */
  private admitWaiting(): void {
    for (const next of [...this.waiting]) {
      if (!this.tryReserve(next)) continue;
      this.waiting.splice(this.waiting.indexOf(next), 1);
      next.waitingForBudget = false;
      this.updateFlow(next);
      setImmediate(() => this.pump(next));
    }
  }

  private updateFlow(conn: Connection): void {
    if (conn.closed) return;
    if (conn.waitingForBudget || conn.writeBlocked) conn.socket.pause();
    else conn.socket.resume();
  }

  private forget(conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    this.open.delete(conn.socket);
    conn.chunks = [];
    conn.buffered = 0;
    this.messageDone(conn);
  }

  /** Returns false when the connection was dropped. */
  private handle(conn: Connection, message: Buffer): boolean {
    let request;
    try {
      request = parseMessage(message);
    } catch (err) {
      const reason = err instanceof ProtocolError ? err.message : `unparseable message: ${String(err)}`;
      this.drop(conn, reason);
      return false;
    }
    const context = {
      catalog: this.catalog,
      cursors: this.cursors,
      db: request.db,
      connectionId: conn.id,
      connections: { current: this.open.size, totalCreated: this.created },
      session: conn.session,
      maxMessageBytes: this.limits.maxMessageBytes,
    };
    const silent = request.opCode === OP_MSG && (request.flags & FLAG_MORE_TO_COME) !== 0;
    const send = (reply: Doc) => {
      if (silent || conn.closed) return;
      let bytes: Buffer;
      try {
        bytes = encodeReply(request, reply);
      } catch (err) {
        bytes = encodeReply(request, { ok: 0, code: 10334, codeName: 'BSONObjectTooLarge', errmsg: String(err) });
      }
      conn.socket.write(bytes);
      if (conn.socket.writableLength > WRITE_BACKLOG_BYTES && !conn.writeBlocked) {
        conn.writeBlocked = true;
        this.updateFlow(conn);
        conn.socket.once('drain', () => {
          conn.writeBlocked = false;
          this.updateFlow(conn);
          this.pump(conn);
        });
      }
    };
    const { command, invalid } = request;
    if (invalid) send(invalid.toReply());
    // A write runs in the store's next write transaction and is answered once that commit (with its fsync) is done.
    else if (isWriteCommand(command)) {
      this.store.write(() => runCommand(command, context), writeWeight(command)).then(send, (err: unknown) => {
        this.log(`store write failed, dropping connection ${conn.id}: ${String(err)}`);
        conn.socket.destroy();
      });
    } else send(runCommand(command, context));
    return true;
  }

  private drop(conn: Connection, reason: string): void {
    this.log(`closing connection ${conn.id}: ${reason}`);
    conn.socket.destroy();
    this.forget(conn);
  }
}

/** The directory of a Unix socket must be this user's alone: others could connect through it otherwise. */
function assertPrivateDirectory(dir: string): void {
  const st = fs.statSync(dir);
  const ownUid = typeof process.getuid === 'function' ? process.getuid() : st.uid;
  if (st.uid !== ownUid || (st.mode & 0o077) !== 0) {
    throw new Error(
      `${dir} (mode ${(st.mode & 0o777).toString(8)}) is open to other users: the store's Unix socket must be in a directory only its owner can enter (0700)`,
    );
  }
}
