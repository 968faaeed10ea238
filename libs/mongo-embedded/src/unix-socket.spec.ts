// The store on a Unix domain socket as well as TCP (the gateway's in-process connection): the same data through
// both, a socket file left by a killed store does not block a restart, and a path too long for a socket falls back
// to TCP only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startEmbeddedMongo } from './index';

describe('Unix socket listener', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-unix-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the same data over the socket and over TCP, and removes the socket file on close', async () => {
    const socketPath = path.join(dir, 'store.sock');
    const store = await startEmbeddedMongo({ port: 0, dbPath: dir, unixSocketPath: socketPath });
    expect(store.unixSocketUri).toBe(`mongodb://${encodeURIComponent(socketPath)}`);
    const overSocket = await MongoClient.connect(store.unixSocketUri ?? '');
    const overTcp = await MongoClient.connect(store.uri);
    try {
      await overSocket.db('app').collection('notes').insertOne({ _id: 'n1', text: 'through the socket' } as never);
      expect(await overTcp.db('app').collection('notes').findOne({ _id: 'n1' } as never)).toEqual({ _id: 'n1', text: 'through the socket' });
    } finally {
      await overSocket.close();
      await overTcp.close();
      await store.close();
    }
    expect(fs.existsSync(socketPath)).toBe(false);
  });

  it('starts over a socket file left behind by a store that was killed', async () => {
    const socketPath = path.join(dir, 'store.sock');
    fs.writeFileSync(socketPath, ''); // what a SIGKILL leaves: the path exists, nobody listens
    const store = await startEmbeddedMongo({ port: 0, dbPath: dir, unixSocketPath: socketPath });
    const client = await MongoClient.connect(store.unixSocketUri ?? '');
    try {
      expect(await client.db('app').command({ ping: 1 })).toMatchObject({ ok: 1 });
    } finally {
      await client.close();
      await store.close();
    }
  });

  it('listens on TCP only when the path is too long for a socket', async () => {
    const store = await startEmbeddedMongo({ port: 0, dbPath: dir, unixSocketPath: path.join(dir, 'x'.repeat(120), 'store.sock') });
    try {
      expect(store.unixSocketUri).toBeNull();
      const client = await MongoClient.connect(store.uri);
      await client.close();
    } finally {
      await store.close();
    }
  });
});
