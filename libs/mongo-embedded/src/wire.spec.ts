import net from 'node:net';
import { useStore } from './test-support/store-harness';

/** Sends raw bytes and resolves when the server closes the socket (or rejects after a bounded wait). */
function sendAndAwaitClose(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('server kept the connection open'));
    }, 5000);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe('wire protocol robustness', () => {
  const harness = useStore({ fsync: false });

  it('closes a connection that sends garbage and keeps serving others', async () => {
    const coll = harness().client.db('wire_spec').collection('c');
    await coll.insertOne({ a: 1 });
    const garbage = Buffer.alloc(64, 0xab);
    garbage.writeInt32LE(64, 0); // plausible length, then nonsense opcode and body
    await sendAndAwaitClose(harness().store.port, garbage);
    const badBson = Buffer.alloc(40, 0);
    badBson.writeInt32LE(40, 0);
    badBson.writeInt32LE(2013, 12);
    badBson.writeInt32LE(9999, 21); // section kind 0 claiming a 9999-byte document
    await sendAndAwaitClose(harness().store.port, badBson);
    expect(await coll.countDocuments()).toBe(1);
  });

  it('closes a connection announcing a message above 48 MB', async () => {
    const header = Buffer.alloc(16);
    header.writeInt32LE(49_000_000, 0);
    header.writeInt32LE(2013, 12);
    await sendAndAwaitClose(harness().store.port, header);
    expect(await harness().client.db('wire_spec').command({ ping: 1 })).toMatchObject({ ok: 1 });
  });
});
