// Uploads over REST (who may, the quota, sizes, types), content shared only between byte-for-byte equal files,
// image/file messages, downloads with the Bearer header or a signed URL, their headers and access.
import { getConnectionToken } from '@nestjs/mongoose';
import { CLIENT_EVENTS, type Conversation, type Message } from '@switchboard/protocol';
import { clientMsgId, emitAck, emitOk } from '@switchboard/testing';
import { Types, type Connection, type mongo } from 'mongoose';
import { createHash, randomBytes } from 'node:crypto';
import { AttachmentLinks } from '../src/attachments/attachment-links.service';
import { customerWithConversation, newAgent, newCustomer, staff, startTestGateway, type Staff, type TestGateway } from './support/test-gateway';
import { attachmentLink, downloadFile, uploadFile } from './support/uploads';

const E = CLIENT_EVENTS;
const MiB = 1024 * 1024;
const MAX_BYTES = 2 * MiB;
const QUOTA_BYTES = 5 * MiB;

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3b3a1e70000000049454e44ae426082',
  'hex',
);

// Wang and Yu's MD5 collision ("How to Break MD5 and Other Hash Functions", EUROCRYPT 2005): two 128-byte
// messages that differ in six bits and have the same MD5, 79054025255fb1a26e4bc422aef54eb4.
const COLLISION_A = Buffer.from(
  'd131dd02c5e6eec4693d9a0698aff95c2fcab58712467eab4004583eb8fb7f8955ad340609f4b30283e488832571415a085125e8f7cdc99fd91dbdf280373c5b' +
    'd8823e3156348f5bae6dacd436c919c6dd53e2b487da03fd02396306d248cda0e99f33420f577ee8ce54b67080a80d1ec69821bcb6a8839396f9652b6ff72a70',
  'hex',
);
const COLLISION_B = Buffer.from(
  'd131dd02c5e6eec4693d9a0698aff95c2fcab50712467eab4004583eb8fb7f8955ad340609f4b30283e4888325f1415a085125e8f7cdc99fd91dbd7280373c5b' +
    'd8823e3156348f5bae6dacd436c919c6dd53e23487da03fd02396306d248cda0e99f33420f577ee8ce54b67080280d1ec69821bcb6a8839396f965ab6ff72a70',
  'hex',
);

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('attachments', () => {
  let gw: TestGateway;
  let db: mongo.Db;
  let supervisor: Staff;
  let ana: Staff;
  let bo: Staff;
  const up = (token: string, bytes: Buffer, name: string, type: string) => uploadFile(gw.url, token, bytes, name, type);
  const get = (path: string, token?: string, headers?: Record<string, string>) => downloadFile(gw.url, path, token, headers);
  const record = (id: string) => db.collection('attachments').findOne({ _id: new Types.ObjectId(id) });
  const usedBytes = async (uploaderId: string) =>
    ((await db.collection<{ _id: string; usedBytes: number }>('upload_quotas').findOne({ _id: uploaderId }))?.usedBytes ?? 0);

  /** A customer whose new conversation ana serves. */
  async function served() {
    const { customer, conversation } = await customerWithConversation(gw);
    await emitOk(ana.socket, E.conversationGrab, { conversationId: conversation.id });
    return { customer, conversation };
  }

  beforeAll(async () => {
    gw = await startTestGateway({ ATTACHMENT_MAX_BYTES: String(MAX_BYTES), ATTACHMENT_QUOTA_BYTES: String(QUOTA_BYTES) });
    db = gw.app.get<Connection>(getConnectionToken()).db as mongo.Db;
    supervisor = await staff(gw, 'supervisor@example.com');
    [ana, bo] = await Promise.all([newAgent(gw, supervisor.token, 50), newAgent(gw, supervisor.token, 50)]);
  });

  afterAll(() => gw.close());

  it('uploads, shares equal bytes, sends image and file messages, and serves them to those who may read', async () => {
    const { customer, conversation } = await served();

    const image = await up(customer.token, PNG, 'dot.png', 'image/png');
    expect(image.status).toBe(201);
    expect(image.attachment).toMatchObject({ name: 'dot.png', mime: 'image/png', size: PNG.length, md5: md5(PNG) });
    expect(image.attachment.url).toBe(`/api/attachments/${image.attachment.id}`);
    const same = await up(ana.token, PNG, 'copy.png', 'image/png');
    expect(same.attachment.md5).toBe(image.attachment.md5);
    expect(same.attachment.id).not.toBe(image.attachment.id);
    // One blob, addressed by SHA-256, counted twice.
    const blobs = await db.collection('blobs.files').find({ 'metadata.sha256': sha256(PNG) }).toArray();
    expect(blobs).toHaveLength(1);
    expect(blobs[0].metadata).toMatchObject({ sha256: sha256(PNG), md5: md5(PNG), refs: 2 });

    const sent = await emitOk<Message>(customer.socket, E.messageSend, {
      conversationId: conversation.id,
      clientMsgId: clientMsgId(),
      kind: 'image',
      attachmentId: image.attachment.id,
      text: 'look',
    });
    expect(sent).toMatchObject({ kind: 'image', text: 'look', attachment: image.attachment });
    // someone else's upload may not be attached
    expect(
      await emitAck(customer.socket, E.messageSend, {
        conversationId: conversation.id,
        clientMsgId: clientMsgId(),
        kind: 'image',
        attachmentId: same.attachment.id,
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const pdf = await up(ana.token, Buffer.from('%PDF-1.4 tiny'), 'invoice.pdf', 'application/pdf');
    expect(pdf.status).toBe(201);
    expect(
      await emitAck(ana.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), kind: 'image', attachmentId: pdf.attachment.id }),
    ).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await emitOk(ana.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), kind: 'file', attachmentId: pdf.attachment.id });

    const inline = await get(image.attachment.url, ana.token);
    expect(inline.res.status).toBe(200);
    expect(inline.bytes.equals(PNG)).toBe(true);
    expect(inline.res.headers.get('content-type')).toBe('image/png');
    expect(inline.res.headers.get('content-disposition')).toMatch(/^inline/);
    const download = await get(pdf.attachment.url, customer.token);
    expect(download.res.status).toBe(200);
    expect(download.bytes.toString()).toBe('%PDF-1.4 tiny');
    expect(download.res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''invoice\.pdf/);

    const stranger = await newCustomer(gw);
    expect((await get(image.attachment.url, stranger.token)).res.status).toBe(403);
    expect((await get(image.attachment.url, bo.token)).res.status).toBe(403);
    expect((await get(image.attachment.url)).res.status).toBe(401);
    expect((await get('/api/attachments/0123456789abcdef01234567', ana.token)).res.status).toBe(404);
  });

  it('keeps a Chinese file name as written (multipart names are UTF-8, not latin1)', async () => {
    const { customer } = await served();
    const uploaded = await up(customer.token, Buffer.from('%PDF-1.4 发票'), '发票 2026年.pdf', 'application/pdf');
    expect(uploaded.status).toBe(201);
    expect(uploaded.attachment.name).toBe('发票 2026年.pdf');
    const download = await get(uploaded.attachment.url, customer.token);
    expect(download.res.headers.get('content-disposition')).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent('发票 2026年.pdf')}`,
    );
  });

  it("a text message ignores attachmentId, even one that does not exist or is not the sender's", async () => {
    const { customer, conversation } = await customerWithConversation(gw);
    const other = await customerWithConversation(gw);
    const foreign = await up(other.customer.token, PNG, 'theirs.png', 'image/png');
    expect(foreign.status).toBe(201);
    for (const attachmentId of ['0123456789abcdef01234567', foreign.attachment.id]) {
      const sent = await emitOk<Message>(customer.socket, E.messageSend, {
        conversationId: conversation.id,
        clientMsgId: clientMsgId(),
        text: 'just text',
        attachmentId,
      });
      expect(sent).toMatchObject({ kind: 'text', text: 'just text', attachment: null });
    }
  });

  it('refuses oversize files with 413 (nothing kept), other types with 415, fake images, and a missing file', async () => {
    const { customer } = await customerWithConversation(gw);
    const chunksBefore = await db.collection('blobs.chunks').countDocuments();
    const filesBefore = await db.collection('blobs.files').countDocuments();
    const big = await up(customer.token, randomBytes(MAX_BYTES + 1), 'big.txt', 'text/plain');
    expect(big).toMatchObject({ status: 413, error: { reason: 'file_too_large', message: `files are limited to ${MAX_BYTES} bytes` } });
    // The chunks written before the limit was passed are gone, and so is the quota they held.
    expect(await db.collection('blobs.chunks').countDocuments()).toBe(chunksBefore);
    expect(await db.collection('blobs.files').countDocuments()).toBe(filesBefore);
    expect(await usedBytes(customer.id)).toBe(0);
    expect((await up(customer.token, randomBytes(MAX_BYTES), 'max.txt', 'text/plain')).status).toBe(201);

    expect((await up(customer.token, Buffer.from('<svg/>'), 'x.svg', 'image/svg+xml')).status).toBe(415);
    expect((await up(customer.token, Buffer.from('<html>'), 'x.html', 'text/html')).status).toBe(415);
    expect((await up(customer.token, Buffer.from('<html>'), 'x.png', 'image/png')).status).toBe(415);
    expect((await up(customer.token, Buffer.from('a,b\n1,2\n'), 'x.csv', 'text/csv')).status).toBe(201);
    expect(await usedBytes(customer.id)).toBe(MAX_BYTES + 8);
    const none = await fetch(`${gw.url}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${customer.token}` } });
    expect(none.status).toBe(400);
  });

  it('attack 5: only people in a live conversation upload (an anonymous customer without one gets 403)', async () => {
    const refused = { status: 403, error: { reason: 'no_live_conversation' } };
    const anonymous = await newCustomer(gw);
    const attempt = await up(anonymous.token, randomBytes(1000), 'spam.txt', 'text/plain');
    expect(attempt).toMatchObject(refused);
    expect(attempt.error.message).toMatch(/live conversation/);
    expect(await db.collection('attachments').countDocuments({ uploaderId: anonymous.id })).toBe(0);
    expect(await usedBytes(anonymous.id)).toBe(0);

    // A customer while their conversation is open, not once it is closed.
    const { customer, conversation } = await customerWithConversation(gw);
    expect((await up(customer.token, randomBytes(10), 'a.txt', 'text/plain')).status).toBe(201);
    await emitOk(customer.socket, E.conversationClose, { conversationId: conversation.id });
    expect(await up(customer.token, randomBytes(10), 'b.txt', 'text/plain')).toMatchObject(refused);

    // Staff: the assignee and the transfer target; not another agent, not a supervisor who is neither.
    const carl = await newAgent(gw, supervisor.token, 50);
    expect(await up(carl.token, randomBytes(10), 'c.txt', 'text/plain')).toMatchObject(refused);
    expect(await up(supervisor.token, randomBytes(10), 'd.txt', 'text/plain')).toMatchObject(refused);
    const live = await served();
    expect((await up(ana.token, randomBytes(10), 'e.txt', 'text/plain')).status).toBe(201);
    expect(await up(carl.token, randomBytes(10), 'f.txt', 'text/plain')).toMatchObject(refused);
    await emitOk<Conversation>(ana.socket, E.conversationTransfer, { conversationId: live.conversation.id, toAgentId: carl.id });
    expect((await up(carl.token, randomBytes(10), 'g.txt', 'text/plain')).status).toBe(201);
  });

  it('attack 5: one customer uploading 30 × 1 MiB stops at the quota, and parallel uploads cannot pass it', async () => {
    const { customer } = await customerWithConversation(gw);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const result = await up(customer.token, randomBytes(MiB), `part-${i}.txt`, 'text/plain');
      statuses.push(result.status);
      if (result.status !== 201) {
        expect(result.error).toMatchObject({ statusCode: 413, reason: 'quota_exceeded' });
        expect(result.error.message).toMatch(new RegExp(`upload quota of ${QUOTA_BYTES} bytes`));
      }
    }
    expect(statuses).toEqual([...Array<number>(5).fill(201), ...Array<number>(25).fill(413)]);
    expect(await usedBytes(customer.id)).toBe(QUOTA_BYTES);
    expect(await db.collection('attachments').countDocuments({ uploaderId: customer.id })).toBe(5);
    // A file that still fits is taken: the quota is exact, not rounded to whole reservations.
    const roomy = await customerWithConversation(gw);
    for (const size of [MAX_BYTES, MAX_BYTES, QUOTA_BYTES - 2 * MAX_BYTES - 100]) {
      expect((await up(roomy.customer.token, randomBytes(size), 'almost.zip', 'application/zip')).status).toBe(201);
    }
    expect((await up(roomy.customer.token, randomBytes(100), 'last.txt', 'text/plain')).status).toBe(201);
    expect((await up(roomy.customer.token, randomBytes(1), 'one-more.txt', 'text/plain')).status).toBe(413);

    // Twelve at once: each reservation is one conditional update, so together they stay within the quota.
    const racer = await customerWithConversation(gw);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => up(racer.customer.token, randomBytes(MiB), `race-${i}.txt`, 'text/plain')),
    );
    const stored = results.filter((r) => r.status === 201).length;
    expect(results.every((r) => r.status === 201 || (r.status === 413 && r.error.reason === 'quota_exceeded'))).toBe(true);
    expect(stored).toBeGreaterThanOrEqual(1);
    expect(stored).toBeLessThanOrEqual(5);
    expect(await usedBytes(racer.customer.id)).toBe(stored * MiB);
    expect(await db.collection('attachments').countDocuments({ uploaderId: racer.customer.id })).toBe(stored);
  });

  it('attack 9: two files with the same MD5, uploaded by two customers, each download their own bytes', async () => {
    // The pair really collides: same MD5, different bytes.
    expect(md5(COLLISION_A)).toBe(md5(COLLISION_B));
    expect(COLLISION_A.equals(COLLISION_B)).toBe(false);
    const first = await customerWithConversation(gw);
    const second = await customerWithConversation(gw);
    const a = await up(first.customer.token, COLLISION_A, 'report.txt', 'text/plain');
    const b = await up(second.customer.token, COLLISION_B, 'report.txt', 'text/plain');
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.attachment.md5).toBe(b.attachment.md5); // the seeds' metadata, kept
    const [recordA, recordB] = await Promise.all([record(a.attachment.id), record(b.attachment.id)]);
    expect(String(recordA?.blobId)).not.toBe(String(recordB?.blobId));

    const ownA = await get(a.attachment.url, first.customer.token);
    const ownB = await get(b.attachment.url, second.customer.token);
    expect(ownA.bytes.equals(COLLISION_A)).toBe(true);
    expect(ownB.bytes.equals(COLLISION_B)).toBe(true);
    const linkB = await attachmentLink(gw.url, second.customer.token, b.attachment.id);
    expect((await get(linkB.body.url)).bytes.equals(COLLISION_B)).toBe(true);
  });

  it('shares a blob only after a byte-for-byte compare: equal SHA-256 and size with other bytes are stored apart', async () => {
    const x = randomBytes(5000);
    const y = randomBytes(5000);
    const first = await customerWithConversation(gw);
    const second = await customerWithConversation(gw);
    const third = await customerWithConversation(gw);
    const ux = await up(first.customer.token, x, 'x.txt', 'text/plain');
    // A SHA-256 collision cannot be made: plant one, so x's blob claims y's hash and size.
    const blobX = (await record(ux.attachment.id))?.blobId as Types.ObjectId;
    await db.collection('blobs.files').updateOne({ _id: blobX }, { $set: { 'metadata.sha256': sha256(y) } });

    const uy = await up(second.customer.token, y, 'y.txt', 'text/plain');
    const blobY = (await record(uy.attachment.id))?.blobId as Types.ObjectId;
    expect(String(blobY)).not.toBe(String(blobX));
    expect((await get(uy.attachment.url, second.customer.token)).bytes.equals(y)).toBe(true);
    expect((await get(ux.attachment.url, first.customer.token)).bytes.equals(x)).toBe(true);

    // The real y is shared once compared equal.
    const again = await up(third.customer.token, y, 'y-again.txt', 'text/plain');
    expect(String((await record(again.attachment.id))?.blobId)).toBe(String(blobY));
    expect((await db.collection('blobs.files').findOne({ _id: blobY }))?.metadata).toMatchObject({ refs: 2 });
  });

  it('attack 10: no ?token=; a signed URL downloads without a header, and an altered, expired or foreign one is refused', async () => {
    const { customer, conversation } = await served();
    const bytes = Buffer.from('%PDF-1.4 the invoice');
    const pdf = await up(ana.token, bytes, 'invoice.pdf', 'application/pdf');
    await emitOk(ana.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), kind: 'file', attachmentId: pdf.attachment.id });
    const other = await up(ana.token, Buffer.from('%PDF-1.4 another'), 'other.pdf', 'application/pdf');

    // A token in the URL is not a credential anywhere.
    expect((await get(`${pdf.attachment.url}?token=${customer.token}`)).res.status).toBe(401);
    expect((await get(`${pdf.attachment.url}?token=${customer.token}`)).bytes.toString()).not.toContain('PDF');

    const link = await attachmentLink(gw.url, customer.token, pdf.attachment.id);
    expect(link.status).toBe(200);
    const signed = new RegExp(`^/api/attachments/${pdf.attachment.id}/signed\\?expires=(\\d+)&signature=([A-Za-z0-9_-]{43})$`);
    expect(link.body.url).toMatch(signed);
    expect(link.body.url).not.toContain(customer.token);
    const lifetime = Date.parse(link.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan((gw.config.signedUrlTtlS - 60) * 1000);
    expect(lifetime).toBeLessThanOrEqual(gw.config.signedUrlTtlS * 1000);
    const plain = await get(link.body.url);
    expect(plain.res.status).toBe(200);
    expect(plain.bytes.equals(bytes)).toBe(true);
    expect(plain.res.headers.get('cache-control')).toBe('private, no-store');

    const [, expires, signature] = signed.exec(link.body.url) ?? [];
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    const refusedAs = async (path: string, reason: string) => {
      const res = await fetch(`${gw.url}${path}`);
      expect({ status: res.status, reason: ((await res.json()) as { reason?: string }).reason }).toEqual({ status: 403, reason });
    };
    await refusedAs(`${pdf.attachment.url}/signed?expires=${expires}&signature=${flipped}`, 'link_invalid');
    await refusedAs(`${pdf.attachment.url}/signed?expires=${Number(expires) + 3600}&signature=${signature}`, 'link_invalid');
    await refusedAs(`${other.attachment.url}/signed?expires=${expires}&signature=${signature}`, 'link_invalid');
    await refusedAs(`${pdf.attachment.url}/signed?token=${customer.token}`, 'link_invalid');
    await refusedAs(`${pdf.attachment.url}/signed`, 'link_invalid');
    const stale = gw.app.get(AttachmentLinks).sign(pdf.attachment.id, Date.now() - (gw.config.signedUrlTtlS + 1) * 1000);
    await refusedAs(stale.url, 'link_expired');

    // Links only for someone who may read the attachment.
    const stranger = await customerWithConversation(gw);
    expect((await attachmentLink(gw.url, stranger.customer.token, pdf.attachment.id)).status).toBe(403);
    expect((await attachmentLink(gw.url, bo.token, pdf.attachment.id)).status).toBe(403);
    expect((await attachmentLink(gw.url, customer.token, other.attachment.id)).status).toBe(403);
    expect((await attachmentLink(gw.url, ana.token, '0123456789abcdef01234567')).status).toBe(404);
    expect((await fetch(`${gw.url}/api/attachments/${pdf.attachment.id}/link`, { method: 'POST' })).status).toBe(401);
  });

  it('answers attachments sandboxed, unsniffed, private and without a referrer, with ranges', async () => {
    const { customer } = await customerWithConversation(gw);
    const image = await up(customer.token, PNG, 'dot.png', 'image/png');
    const text = Buffer.from('0123456789 plain text');
    const file = await up(customer.token, text, 'notes.txt', 'text/plain');
    const link = await attachmentLink(gw.url, customer.token, file.attachment.id);
    const responses = [
      { ...(await get(image.attachment.url, customer.token)), disposition: /^inline; filename\*=UTF-8''dot\.png$/, cache: 'private, max-age=3600' },
      { ...(await get(file.attachment.url, customer.token)), disposition: /^attachment; filename\*=UTF-8''notes\.txt$/, cache: 'private, max-age=3600' },
      { ...(await get(link.body.url)), disposition: /^attachment; filename\*=UTF-8''notes\.txt$/, cache: 'private, no-store' },
    ];
    for (const { res, bytes, disposition, cache } of responses) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
      expect(res.headers.get('cache-control')).toBe(cache);
      expect(res.headers.get('content-disposition')).toMatch(disposition);
      expect(res.headers.get('content-length')).toBe(String(bytes.length));
      expect(res.headers.get('accept-ranges')).toBe('bytes');
    }

    const part = await get(file.attachment.url, customer.token, { range: 'bytes=2-5' });
    expect(part.res.status).toBe(206);
    expect(part.res.headers.get('content-range')).toBe(`bytes 2-5/${text.length}`);
    expect(part.bytes.toString()).toBe('2345');
    const tail = await get(link.body.url, undefined, { range: 'bytes=-4' });
    expect(tail.res.status).toBe(206);
    expect(tail.bytes.toString()).toBe('text');
    const beyond = await get(file.attachment.url, customer.token, { range: `bytes=${text.length}-` });
    expect(beyond.res.status).toBe(416);
    expect(beyond.res.headers.get('content-range')).toBe(`bytes */${text.length}`);
  });
});
