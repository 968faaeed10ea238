// Uploads no message refers to are removed after unreferencedUploadTtlMs (shortened here), by a sweep every node
// may run: conditional claims, the quota given back, shared blobs kept while another record points at them.
import { getConnectionToken } from '@nestjs/mongoose';
import { CLIENT_EVENTS, type Attachment } from '@switchboard/protocol';
import { clientMsgId, emitAck, waitFor } from '@switchboard/testing';
import { Types, mongo as driver, type Connection, type mongo } from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { AttachmentsService } from '../src/attachments/attachments.service';
import {
  customerWithConversation,
  startTestGateway,
  type Customer,
  type TestGateway,
} from './support/test-gateway';
import { downloadFile, uploadFile } from './support/uploads';

const TTL_MS = 1500;

describe('unreferenced uploads', () => {
  let gw: TestGateway;
  let db: mongo.Db;
  const record = (id: string) => db.collection('attachments').findOne({ _id: new Types.ObjectId(id) });
  const blobFile = (id: unknown) => db.collection('blobs.files').findOne({ _id: id as Types.ObjectId });
  const usedBytes = async (uploaderId: string) =>
    (await db.collection<{ _id: string; usedBytes: number }>('upload_quotas').findOne({ _id: uploaderId }))
      ?.usedBytes ?? 0;

  async function upload(customer: Customer, bytes: Buffer, name = 'notes.txt'): Promise<Attachment> {
    const result = await uploadFile(gw.url, customer.token, bytes, name, 'text/plain');
    if (result.status !== 201) throw new Error(`upload → ${result.status} ${JSON.stringify(result.error)}`);
    return result.attachment;
  }

  /** Runs `setup` with the background sweep holding off (it reads the TTL on each pass), so nothing is swept early. */
  async function beforeTheSweep<T>(setup: () => Promise<T>): Promise<T> {
    gw.config.unreferencedUploadTtlMs = 30 * 24 * 3600_000;
    try {
      return await setup();
    } finally {
      gw.config.unreferencedUploadTtlMs = TTL_MS;
    }
  }

  const sendFile = (customer: Customer, conversationId: string, attachmentId: string) =>
    emitAck(customer.socket, CLIENT_EVENTS.messageSend, {
      conversationId,
      clientMsgId: clientMsgId(),
      kind: 'file',
      attachmentId,
    });

  beforeAll(async () => {
    gw = await startTestGateway({}, { unreferencedUploadTtlMs: TTL_MS });
    db = gw.app.get<Connection>(getConnectionToken()).db as mongo.Db;
  });

  afterAll(() => gw.close());

  it('removes an unreferenced upload after the TTL; one attached to a message stays, and so does a blob still shared', async () => {
    const first = await customerWithConversation(gw);
    const second = await customerWithConversation(gw);
    const shared = randomBytes(3000);
    const alone = randomBytes(2000);
    const sent = randomBytes(1000);
    const { unsentShared, unsentAlone, attached, sharedAndSent } = await beforeTheSweep(async () => {
      const uploads = {
        unsentShared: await upload(first.customer, shared),
        unsentAlone: await upload(first.customer, alone),
        attached: await upload(first.customer, sent),
        // The second customer sends the same bytes as the first customer's unsent upload: one blob, two records.
        sharedAndSent: await upload(second.customer, shared),
      };
      expect(await sendFile(first.customer, first.conversation.id, uploads.attached.id)).toMatchObject({
        ok: true,
      });
      expect(await sendFile(second.customer, second.conversation.id, uploads.sharedAndSent.id)).toMatchObject(
        { ok: true },
      );
      return uploads;
    });
    expect(String((await record(sharedAndSent.id))?.blobId)).toBe(
      String((await record(unsentShared.id))?.blobId),
    );
    const aloneBlob = (await record(unsentAlone.id))?.blobId;
    const sharedBlob = (await record(unsentShared.id))?.blobId;
    expect(await usedBytes(first.customer.id)).toBe(6000);

    await waitFor(
      async () =>
        ((await record(unsentShared.id)) === null && (await record(unsentAlone.id)) === null) || null,
      {
        timeoutMs: 20_000,
        intervalMs: 100,
        what: 'the unreferenced uploads to be swept',
      },
    );
    expect((await downloadFile(gw.url, unsentAlone.url, first.customer.token)).res.status).toBe(404);
    // The record goes first, its bytes leave the quota in the sweeper's next write, then the blob: its file
    // document, then its chunks (GridFS deletes in that order, so a crash between leaves only unreachable chunks).
    const aloneChunks = () => db.collection('blobs.chunks').countDocuments({ files_id: aloneBlob });
    await waitFor(
      async () =>
        ((await usedBytes(first.customer.id)) === 1000 &&
          (await blobFile(aloneBlob)) === null &&
          (await aloneChunks()) === 0) ||
        null,
      {
        timeoutMs: 5000,
        intervalMs: 50,
        what: 'the quota and the blob released, chunks included',
      },
    );
    // The shared one stays for the other record.
    expect((await blobFile(sharedBlob))?.metadata).toMatchObject({ refs: 1 });

    // The sent ones were looked at by the sweep and kept for good.
    await waitFor(
      async () =>
        ((await record(attached.id))?.referenced === true &&
          (await record(sharedAndSent.id))?.referenced === true) ||
        null,
      {
        timeoutMs: 20_000,
        intervalMs: 100,
        what: 'the sent uploads to be marked referenced',
      },
    );
    expect((await downloadFile(gw.url, attached.url, first.customer.token)).bytes.equals(sent)).toBe(true);
    expect((await downloadFile(gw.url, sharedAndSent.url, second.customer.token)).bytes.equals(shared)).toBe(
      true,
    );
  });

  it('keeps uploads from before SHA-256 addressing working, and removes an old blob only with its last record', async () => {
    const { customer, conversation } = await customerWithConversation(gw);
    const bucket = new driver.GridFSBucket(db, { bucketName: 'blobs' });
    const store = async (bytes: Buffer) => {
      const md5 = createHash('md5').update(bytes).digest('hex');
      const stream = bucket.openUploadStream(md5);
      stream.end(bytes);
      await new Promise((resolve, reject) => stream.once('finish', resolve).once('error', reject));
      return { md5, blobId: stream.id as Types.ObjectId };
    };
    // Records as the MD5 version wrote them: no sha256, charged, referenced, or claim fields.
    const legacy = async (bytes: Buffer, blob: { md5: string; blobId: Types.ObjectId }) => {
      const inserted = await db.collection('attachments').insertOne({
        md5: blob.md5,
        size: bytes.length,
        name: 'old.txt',
        mime: 'text/plain',
        uploaderId: customer.id,
        blobId: blob.blobId,
        createdAt: new Date(Date.now() - 7 * 24 * 3600 * 1000),
      });
      return inserted.insertedId.toHexString();
    };
    const oldShared = randomBytes(700);
    const oldAlone = randomBytes(800);
    const sharedBlob = await store(oldShared);
    const aloneBlob = await store(oldAlone);
    const { sentId, unsentSameBlob, unsentAlone } = await beforeTheSweep(async () => {
      const ids = {
        sentId: await legacy(oldShared, sharedBlob),
        unsentSameBlob: await legacy(oldShared, sharedBlob),
        unsentAlone: await legacy(oldAlone, aloneBlob),
      };
      expect(await sendFile(customer, conversation.id, ids.sentId)).toMatchObject({ ok: true });
      return ids;
    });
    expect(
      (await downloadFile(gw.url, `/api/attachments/${sentId}`, customer.token)).bytes.equals(oldShared),
    ).toBe(true);
    // The sweep deletes a record first and its blob after it: wait for both, not just the records.
    const swept = async () =>
      (await record(unsentSameBlob)) === null &&
      (await record(unsentAlone)) === null &&
      (await blobFile(aloneBlob.blobId)) === null;
    await waitFor(async () => (await swept()) || null, {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: 'the old unreferenced records and their lone blob to be swept',
    });
    expect(await blobFile(sharedBlob.blobId)).not.toBeNull();
    expect(
      (await downloadFile(gw.url, `/api/attachments/${sentId}`, customer.token)).bytes.equals(oldShared),
    ).toBe(true);
    // They were never counted in the quota, so removing them gives nothing back.
    expect(await usedBytes(customer.id)).toBe(0);
  });

  it('claims each upload once however many sweeps run, refuses to send one a sweep holds, takes over stale claims', async () => {
    const service = gw.app.get(AttachmentsService);
    // The background sweep leaves these alone meanwhile; ours run as if sixty days later.
    await beforeTheSweep(async () => {
      const { customer, conversation } = await customerWithConversation(gw);
      const uploads = await Promise.all(Array.from({ length: 10 }, () => upload(customer, randomBytes(100))));
      expect(await usedBytes(customer.id)).toBe(1000);

      const later = new Date(Date.now() + 60 * 24 * 3600_000);
      // One held by a sweep on another node (at the time ours run) cannot be sent meanwhile.
      const held = uploads[0].id;
      await db
        .collection('attachments')
        .updateOne({ _id: new Types.ObjectId(held) }, { $set: { sweepId: 'elsewhere', sweptAt: later } });
      expect(await sendFile(customer, conversation.id, held)).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      // A claim left an hour before by a node that stopped mid-sweep is taken over.
      const stale = uploads[1].id;
      const anHourBefore = new Date(later.getTime() - 3600_000);
      await db
        .collection('attachments')
        .updateOne({ _id: new Types.ObjectId(stale) }, { $set: { sweepId: 'dead', sweptAt: anHourBefore } });

      const removed = await Promise.all(Array.from({ length: 4 }, () => service.sweepUnreferenced(later)));
      expect(removed.reduce((a, b) => a + b, 0)).toBe(9);
      for (const upload of uploads.slice(1)) expect(await record(upload.id)).toBeNull();
      expect(await record(held)).not.toBeNull();
      expect(await usedBytes(customer.id)).toBe(100);
    });
  });
});
