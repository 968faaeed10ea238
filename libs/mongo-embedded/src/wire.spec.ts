import net from 'node:net';
import { BSON } from 'bson';
import { useStore } from './test-support/store-harness';

/**
 * Sends raw bytes; resolves with the first complete reply, or with null when the server closes the
 * connection without one. Rejects if neither happens within 5 s.
 */
function exchange(port: number, bytes: Buffer): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('no reply and the connection stayed open'));
    }, 5000);
    let data = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 4 && data.length >= data.readInt32LE(0)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(data.subarray(0, data.readInt32LE(0)));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(null);
    });
  });
}

async function roundTrip(port: number, message: Buffer): Promise<Buffer> {
  const reply = await exchange(port, message);
  if (!reply) throw new Error('connection closed without a reply');
  return reply;
}

async function sendAndAwaitClose(port: number, bytes: Buffer): Promise<void> {
  expect(await exchange(port, bytes)).toBeNull();
}

function header(length: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(7, 4); // requestID
  h.writeInt32LE(opCode, 12);
  return h;
}

describe('wire protocol robustness', () => {
  const harness = useStore({ fsync: false });
  const tcpPort = () => harness().store.port as number;

  it('closes a connection that sends garbage and keeps serving others', async () => {
    const coll = harness().client.db('wire_spec').collection('c');
    await coll.insertOne({ a: 1 });
    const garbage = Buffer.alloc(64, 0xab);
    garbage.writeInt32LE(64, 0); // plausible length, then nonsense opcode and body
    await sendAndAwaitClose(tcpPort(), garbage);
    const badBson = Buffer.alloc(40, 0);
    badBson.writeInt32LE(40, 0);
    badBson.writeInt32LE(2013, 12);
    badBson.writeInt32LE(9999, 21); // section kind 0 claiming a 9999-byte document
    await sendAndAwaitClose(tcpPort(), badBson);
    expect(await coll.countDocuments()).toBe(1);
  });

  it('answers a legacy OP_QUERY handshake with OP_REPLY', async () => {
    const query = BSON.serialize({ isMaster: 1 });
    const ns = Buffer.from('admin.$cmd\0');
    const body = Buffer.concat([Buffer.alloc(4), ns, Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), query]);
    const reply = await roundTrip(tcpPort(), Buffer.concat([header(16 + body.length, 2004), body]));
    expect(reply.readInt32LE(8)).toBe(7); // responseTo
    expect(reply.readInt32LE(12)).toBe(1); // OP_REPLY
    expect(reply.readInt32LE(32)).toBe(1); // numberReturned
    expect(BSON.deserialize(reply.subarray(36))).toMatchObject({ ismaster: true, maxWireVersion: 21, ok: 1 });
  });

  it('tolerates the OP_MSG checksum flag', async () => {
    const body = BSON.serialize({ ping: 1, $db: 'admin' });
    const flags = Buffer.alloc(4);
    flags.writeUInt32LE(1, 0); // checksumPresent
    const crc = Buffer.alloc(4); // not verified
    const msg = Buffer.concat([header(16 + 4 + 1 + body.length + 4, 2013), flags, Buffer.from([0]), body, crc]);
    const reply = await roundTrip(tcpPort(), msg);
    expect(reply.readInt32LE(12)).toBe(2013);
    expect(BSON.deserialize(reply.subarray(21))).toMatchObject({ ok: 1 });
  });

  it('applies unacknowledged (w: 0, moreToCome) writes without replying', async () => {
    const coll = harness().client.db('wire_spec').collection('w0');
    await coll.insertOne({ fireAndForget: true }, { writeConcern: { w: 0 } });
    let found = 0;
    for (let i = 0; i < 100 && found === 0; i++) {
      found = await coll.countDocuments({ fireAndForget: true });
      if (!found) await new Promise((r) => setTimeout(r, 20));
    }
    expect(found).toBe(1);
  });

  it('closes a connection announcing a message above 48 MB', async () => {
    const header = Buffer.alloc(16);
    header.writeInt32LE(49_000_000, 0);
    header.writeInt32LE(2013, 12);
    await sendAndAwaitClose(tcpPort(), header);
    expect(await harness().client.db('wire_spec').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });
});
