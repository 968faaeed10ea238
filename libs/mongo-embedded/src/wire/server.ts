// TCP (and optionally Unix socket) server: frames messages per connection, runs each command synchronously against the catalog,
// and sends the reply once the journal holds every write the command made.
import fs from 'node:fs';
import net from 'node:net';
import type { Catalog } from '../engine/catalog';
import { CursorStore } from '../commands/cursors';
import { runCommand } from '../commands/dispatcher';
import type { Doc } from '../engine/values';
import { FLAG_MORE_TO_COME, MAX_MESSAGE_SIZE, OP_MSG, ProtocolError, encodeReply, parseMessage } from './messages';

export interface Durability {
  /** Sequence number of the last journaled write. */
  readonly sequence: number;
  /** Resolves when every write up to `seq` is on disk. */
  waitDurable(seq: number): Promise<void>;
}

export class WireServer {
  private readonly server = net.createServer((socket) => this.accept(socket));
  /** The same protocol on a Unix domain socket, when asked for: no TCP stack between co-located processes. */
  private unixServer: net.Server | null = null;
  private unixPath: string | null = null;
  private readonly sockets = new Set<net.Socket>();
  private readonly cursors = new CursorStore();
  private connections = 0;

  constructor(
    private readonly catalog: Catalog,
    private readonly durability: Durability,
    private readonly log: (line: string) => void,
  ) {}

  listen(port: number, host: string): Promise<{ port: number; host: string }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address() as net.AddressInfo;
        resolve({ port: addr.port, host: addr.address });
      });
    });
  }

  /**
   * Also accepts connections on the Unix socket at `socketPath`. A file left there by a store that was killed is
   * removed first: the caller holds the data directory's lock, so no live store can be using it.
   */
  listenUnix(socketPath: string): Promise<void> {
    fs.rmSync(socketPath, { force: true });
    const server = net.createServer((socket) => this.accept(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        this.unixServer = server;
        this.unixPath = socketPath;
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    const servers = [this.server, ...(this.unixServer ? [this.unixServer] : [])];
    const closed = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    for (const s of this.sockets) s.destroy();
    this.cursors.close();
    await Promise.all(closed);
    if (this.unixPath) fs.rmSync(this.unixPath, { force: true });
  }

  private accept(socket: net.Socket): void {
    const connectionId = ++this.connections;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let expected = 0;
    socket.on('data', (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= 4) {
        if (expected === 0) {
          const head = pending[0].length >= 4 ? pending[0] : Buffer.concat(pending, pendingBytes);
          expected = head.readInt32LE(0);
          if (expected < 21 || expected > MAX_MESSAGE_SIZE) {
            this.drop(socket, connectionId, `message length ${expected} out of bounds`);
            return;
          }
        }
        if (pendingBytes < expected) return;
        const all = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
        const message = all.subarray(0, expected);
        const rest = all.subarray(expected);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
        expected = 0;
        if (!this.handle(socket, connectionId, message)) return;
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Returns false when the connection was dropped. */
  private handle(socket: net.Socket, connectionId: number, message: Buffer): boolean {
    let request;
    try {
      request = parseMessage(message);
    } catch (err) {
      const reason = err instanceof ProtocolError ? err.message : `unparseable message: ${String(err)}`;
      this.drop(socket, connectionId, reason);
      return false;
    }
    const before = this.durability.sequence;
    const reply: Doc = runCommand(request.command, {
      catalog: this.catalog,
      cursors: this.cursors,
      db: request.db,
      connectionId,
      connections: { current: this.sockets.size, totalCreated: this.connections },
    });
    const after = this.durability.sequence;
    const silent = request.opCode === OP_MSG && (request.flags & FLAG_MORE_TO_COME) !== 0;
    const send = () => {
      if (silent || socket.destroyed) return;
      try {
        socket.write(encodeReply(request, reply));
      } catch (err) {
        socket.write(encodeReply(request, { ok: 0, code: 10334, codeName: 'BSONObjectTooLarge', errmsg: String(err) }));
      }
    };
    if (after === before) send();
    else this.durability.waitDurable(after).then(send, (err: unknown) => {
      this.log(`journal failure, dropping connection ${connectionId}: ${String(err)}`);
      socket.destroy();
    });
    return true;
  }

  private drop(socket: net.Socket, connectionId: number, reason: string): void {
    this.log(`closing connection ${connectionId}: ${reason}`);
    socket.destroy();
  }
}
