// What one client may cost the store (issue 10, attack 1): six half-sent 48 MB messages used to pin 277 MiB; now
// their bytes are reserved in a shared budget before they are buffered, so the others wait without being read and
// are dropped at the message deadline. Connections over the cap are closed at once, and a client that does not read
// its replies is not read from either.
import net from 'node:net';
import { BSON } from 'bson';
import { MongoClient } from 'mongodb';
import { DEFAULT_WIRE_LIMITS, type EmbeddedMongo, type WireStats } from './index';
import { useStore } from './test-support/store-harness';

const MiB = 1024 * 1024;

function opMsg(command: Record<string, unknown>, requestId = 1): Buffer {
  const body = BSON.serialize(command);
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(2013, 12);
  return Buffer.concat([header, body]);
}

/** A raw connection that can send a ping and see its reply, or see the server close it. */
class RawClient {
  readonly socket: net.Socket;
  readonly ready: Promise<void>;
  closed = false;
  private received = Buffer.alloc(0);
  private waiter: (() => void) | null = null;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.ready = new Promise((resolve) => this.socket.once('connect', () => resolve()));
    this.socket.on('data', (chunk: Buffer) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.waiter?.();
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      this.waiter?.();
    });
  }

  /** Resolves true with a reply to ping, false when the server closed the connection instead. */
  async ping(): Promise<boolean> {
    await this.ready;
    this.received = Buffer.alloc(0);
    this.socket.write(opMsg({ ping: 1, $db: 'admin' }));
    return this.until(() => this.closed || (this.received.length >= 4 && this.received.length >= this.received.readInt32LE(0))).then(
      () => !this.closed,
    );
  }

  until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), timeoutMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.waiter = null;
        resolve();
      };
      this.waiter = check;
      check();
    });
  }
}

async function waitFor(store: EmbeddedMongo, done: (s: WireStats) => boolean, timeoutMs = 20_000): Promise<WireStats> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = store.stats();
    if (done(stats)) return stats;
    if (Date.now() > deadline) throw new Error(`store did not reach the expected state: ${JSON.stringify(stats)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('connection cap', () => {
  const harness = useStore({ fsync: false, withClient: false, limits: { maxConnections: 3 } });

  it('closes a connection over the cap at once while the others keep working', async () => {
    const port = harness().store.port as number;
    const admitted = [new RawClient(port), new RawClient(port), new RawClient(port)];
    for (const client of admitted) expect(await client.ping()).toBe(true);
    const extra = new RawClient(port);
    await extra.until(() => extra.closed);
    expect(harness().store.stats().refusedConnections).toBe(1);
    for (const client of admitted) expect(await client.ping()).toBe(true);
    admitted[0].socket.destroy();
    await waitFor(harness().store, (s) => s.connections === 2);
    const next = new RawClient(port);
    expect(await next.ping()).toBe(true); // a freed place is taken again
    for (const client of [...admitted, next]) client.socket.destroy();
  });
});

describe('messages being received', () => {
  const MESSAGE_TIMEOUT_MS = 2_000;
  const harness = useStore({ fsync: false, withClient: false, limits: { messageTimeoutMs: MESSAGE_TIMEOUT_MS } });

  it('keeps six half-sent 48 MB messages within the shared budget and drops them at the deadline', async () => {
    const store = harness().store;
    const port = store.port as number;
    const declared = DEFAULT_WIRE_LIMITS.maxMessageBytes;
    const half = Buffer.alloc(24 * MiB, 0x61);
    const header = Buffer.alloc(16);
    header.writeInt32LE(declared, 0);
    header.writeInt32LE(2013, 12);
    const attackers = Array.from({ length: 6 }, () => new RawClient(port));
    for (const attacker of attackers) {
      await attacker.ready;
      attacker.socket.write(header);
      attacker.socket.write(half); // the same buffer each time: the test itself holds one copy
    }
    // One message fits the 64 MiB budget; the other five wait, unread.
    const held = await waitFor(store, (s) => s.waitingConnections === 5 && s.bufferedBytes >= 24 * MiB);
    expect(held.reservedBytes).toBe(declared);
    expect(held.reservedBytes).toBeLessThanOrEqual(DEFAULT_WIRE_LIMITS.maxPendingBytes);
    expect(held.bufferedBytes).toBeLessThan(24 * MiB + 5 * MiB); // unbounded, this was 6 × 24 MiB
    // Small messages are not held up by the budget: another client is served meanwhile.
    const bystander = new RawClient(port);
    expect(await bystander.ping()).toBe(true);
    // Past the deadline every half-sent message is dropped with its connection, and the budget is free again.
    const after = await waitFor(store, (s) => s.connections === 1, MESSAGE_TIMEOUT_MS * 4);
    expect(after).toMatchObject({ reservedBytes: 0, bufferedBytes: 0, waitingConnections: 0 });
    expect(attackers.every((a) => a.closed)).toBe(true);
    expect(await bystander.ping()).toBe(true);
    bystander.socket.destroy();
  }, 60_000);

  it('refuses a message longer than the limit before buffering it', async () => {
    const client = new RawClient(harness().store.port as number);
    await client.ready;
    const header = Buffer.alloc(16);
    header.writeInt32LE(DEFAULT_WIRE_LIMITS.maxMessageBytes + 1, 0);
    header.writeInt32LE(2013, 12);
    client.socket.write(header);
    await client.until(() => client.closed);
  });
});

describe('replies a client does not read', () => {
  const harness = useStore({ fsync: false });

  it('stops reading from a connection whose replies pile up, and serves it again once it reads', async () => {
    const { store, client } = harness();
    await client.db('app').collection('big').insertOne({ _id: 1, blob: 'x'.repeat(MiB) } as never);
    const reader = new RawClient(store.port as number);
    await reader.ready;
    reader.socket.pause(); // read nothing
    const REQUESTS = 100; // 100 MiB of replies if all were queued
    let requests = Buffer.alloc(0);
    for (let i = 0; i < REQUESTS; i++) requests = Buffer.concat([requests, opMsg({ find: 'big', filter: {}, $db: 'app' }, i + 1)]);
    reader.socket.write(requests);
    await new Promise((r) => setTimeout(r, 500));
    const stuck = store.stats();
    expect(stuck.unsentReplyBytes).toBeLessThan(20 * MiB);
    // Once the client reads, every request is answered.
    let replies = 0;
    let pending = Buffer.alloc(0);
    reader.socket.removeAllListeners('data');
    const all = new Promise<void>((resolve) => {
      reader.socket.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
          pending = pending.subarray(pending.readInt32LE(0));
          if (++replies === REQUESTS) resolve();
        }
      });
    });
    reader.socket.resume();
    await all;
    expect(replies).toBe(REQUESTS);
    reader.socket.destroy();
    expect(await (client as MongoClient).db('app').collection('big').countDocuments()).toBe(1);
  }, 60_000);
});
