// SCRAM-SHA-256 on the standalone store (issue 10, attack 1): the official driver and mongoose authenticate with the
// right secret; a wrong password, an unknown user or another mechanism fail; a client that has not authenticated
// gets Unauthorized (13) for everything but the handshake, and changes nothing.
import net from 'node:net';
import { BSON } from 'bson';
import { MongoClient, MongoServerError } from 'mongodb';
import mongoose from 'mongoose';
import { useStore } from './test-support/store-harness';

const USER = 'switchboard';
// U+2168 ROMAN NUMERAL NINE: SASLprep (NFKC) turns it into "IX"; driver and store must agree on that.
const PASSWORD = 'correct horse \u2168 battery';

describe('SCRAM-SHA-256 authentication', () => {
  const harness = useStore({ fsync: false, auth: { username: USER, password: PASSWORD }, withClient: false });
  const uri = (user: string, password: string, extra = 'authSource=admin&authMechanism=SCRAM-SHA-256') =>
    `mongodb://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${harness().store.port}/app?${extra}`;
  const connect = (url: string) => MongoClient.connect(url, { serverSelectionTimeoutMS: 5000 });

  async function authenticationError(url: string): Promise<MongoServerError> {
    const error = await connect(url).then(
      async (client) => {
        await client.close();
        return null;
      },
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(MongoServerError);
    return error as MongoServerError;
  }

  it('lets the driver in with the right credentials, with and without naming the mechanism', async () => {
    for (const url of [uri(USER, PASSWORD), uri(USER, PASSWORD, 'authSource=admin')]) {
      const client = await connect(url);
      try {
        const notes = client.db('app').collection('notes');
        await notes.insertOne({ text: 'written after SCRAM' });
        expect(await notes.countDocuments({ text: 'written after SCRAM' })).toBeGreaterThan(0);
        const status = await client.db('admin').command({ connectionStatus: 1 });
        expect(status.authInfo.authenticatedUsers).toEqual([{ user: USER, db: 'admin' }]);
      } finally {
        await client.close();
      }
    }
  });

  it('accepts the password in another Unicode form that SASLprep maps to the same string', async () => {
    const client = await connect(uri(USER, 'correct horse IX battery'));
    await client.db('app').command({ ping: 1 });
    await client.close();
  });

  it('lets mongoose in with user and pass options', async () => {
    const connection = await mongoose
      .createConnection(`mongodb://127.0.0.1:${harness().store.port}/app`, {
        user: USER,
        pass: PASSWORD,
        authSource: 'admin',
        authMechanism: 'SCRAM-SHA-256',
        serverSelectionTimeoutMS: 5000,
      })
      .asPromise();
    try {
      const Note = connection.model('Note', new mongoose.Schema({ text: String }));
      await Note.create({ text: 'through mongoose' });
      expect(await Note.countDocuments({ text: 'through mongoose' })).toBe(1);
    } finally {
      await connection.close();
    }
  });

  it('refuses a wrong password, an unknown user, another database and another mechanism', async () => {
    for (const url of [uri(USER, 'wrong password'), uri('mallory', PASSWORD), uri(USER, PASSWORD, 'authSource=app&authMechanism=SCRAM-SHA-256')]) {
      const error = await authenticationError(url);
      expect(error.code).toBe(18);
      expect(error.codeName).toBe('AuthenticationFailed');
    }
    const sha1 = await authenticationError(uri(USER, PASSWORD, 'authSource=admin&authMechanism=SCRAM-SHA-1'));
    expect(sha1.code).toBe(334);
  });

  it('answers Unauthorized to a client without credentials, and changes nothing', async () => {
    const admin = await connect(uri(USER, PASSWORD));
    const anonymous = await connect(`mongodb://127.0.0.1:${harness().store.port}/app`);
    try {
      const before = await admin.db('app').collection('secrets').countDocuments();
      const secrets = anonymous.db('app').collection('secrets');
      for (const attempt of [
        () => secrets.findOne({}),
        () => secrets.insertOne({ role: 'supervisor' }),
        () => secrets.updateMany({}, { $set: { role: 'supervisor' } }),
        () => anonymous.db('app').command({ listCollections: 1 }),
      ]) {
        await expect(attempt()).rejects.toMatchObject({ code: 13, codeName: 'Unauthorized' });
      }
      expect(await anonymous.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      expect(await admin.db('app').collection('secrets').countDocuments()).toBe(before);
    } finally {
      await anonymous.close();
      await admin.close();
    }
  });

  it('closes an unauthenticated connection that sends a large message instead of buffering it', async () => {
    const body = BSON.serialize({ insert: 'c', documents: [{ blob: 'x'.repeat(200_000) }], $db: 'app' });
    const message = Buffer.concat([Buffer.alloc(16), Buffer.alloc(5), body]);
    message.writeInt32LE(message.length, 0);
    message.writeInt32LE(2013, 12);
    const closedWithoutReply = await new Promise<boolean>((resolve, reject) => {
      const socket = net.connect(harness().store.port as number, '127.0.0.1', () => socket.write(message));
      const timer = setTimeout(() => reject(new Error('connection stayed open')), 5000);
      socket.on('data', () => resolve(false));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    expect(closedWithoutReply).toBe(true);
  });
});
