// Uploads over REST, image/file messages, MD5 dedup, download headers and access.
import { CLIENT_EVENTS, type Attachment, type Message } from '@switchboard/protocol';
import { clientMsgId, emitAck, emitOk } from '@switchboard/testing';
import { createHash } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { customerWithConversation, newAgent, newCustomer, staff, startTestGateway, type TestGateway } from './support/test-gateway';

const E = CLIENT_EVENTS;

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a3b3a1e70000000049454e44ae426082',
  'hex',
);

async function upload(gw: TestGateway, token: string, bytes: Buffer, name: string, type: string) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const res = await fetch(`${gw.url}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  return { status: res.status, body: (await res.json()) as { attachment: Attachment } };
}

describe('attachments', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ ATTACHMENT_MAX_BYTES: '4096' });
  });

  afterAll(() => gw.close());

  it('uploads, deduplicates by MD5, sends image and file messages, and serves them to those who may read', async () => {
    const supervisor = await staff(gw, 'supervisor@example.com');
    const ana = await newAgent(gw, supervisor.token);
    const { customer, conversation } = await customerWithConversation(gw);
    await emitOk(ana.socket, E.conversationGrab, { conversationId: conversation.id });

    const image = await upload(gw, customer.token, PNG, 'dot.png', 'image/png');
    expect(image.status).toBe(201);
    expect(image.body.attachment).toMatchObject({ name: 'dot.png', mime: 'image/png', size: PNG.length });
    expect(image.body.attachment.md5).toBe(createHash('md5').update(PNG).digest('hex'));
    expect(image.body.attachment.url).toBe(`/api/attachments/${image.body.attachment.id}`);
    const same = await upload(gw, ana.token, PNG, 'copy.png', 'image/png');
    expect(same.body.attachment.md5).toBe(image.body.attachment.md5);
    expect(same.body.attachment.id).not.toBe(image.body.attachment.id);
    const db = gw.app.get<Connection>(getConnectionToken()).db;
    expect(await db?.collection('blobs.files').countDocuments({ filename: image.body.attachment.md5 })).toBe(1);

    const sent = await emitOk<Message>(customer.socket, E.messageSend, {
      conversationId: conversation.id,
      clientMsgId: clientMsgId(),
      kind: 'image',
      attachmentId: image.body.attachment.id,
      text: 'look',
    });
    expect(sent).toMatchObject({ kind: 'image', text: 'look', attachment: image.body.attachment });
    // someone else's upload may not be attached
    expect(
      await emitAck(customer.socket, E.messageSend, {
        conversationId: conversation.id,
        clientMsgId: clientMsgId(),
        kind: 'image',
        attachmentId: same.body.attachment.id,
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const pdf = await upload(gw, ana.token, Buffer.from('%PDF-1.4 tiny'), 'invoice.pdf', 'application/pdf');
    expect(pdf.status).toBe(201);
    expect(
      await emitAck(ana.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), kind: 'image', attachmentId: pdf.body.attachment.id }),
    ).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await emitOk(ana.socket, E.messageSend, { conversationId: conversation.id, clientMsgId: clientMsgId(), kind: 'file', attachmentId: pdf.body.attachment.id });

    const inline = await fetch(`${gw.url}${image.body.attachment.url}`, { headers: { authorization: `Bearer ${ana.token}` } });
    expect(inline.status).toBe(200);
    expect(Buffer.from(await inline.arrayBuffer()).equals(PNG)).toBe(true);
    expect(inline.headers.get('x-content-type-options')).toBe('nosniff');
    expect(inline.headers.get('content-type')).toBe('image/png');
    expect(inline.headers.get('content-disposition')).toMatch(/^inline/);
    const download = await fetch(`${gw.url}${pdf.body.attachment.url}?token=${customer.token}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''invoice\.pdf/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');

    const stranger = await newCustomer(gw);
    expect((await fetch(`${gw.url}${image.body.attachment.url}?token=${stranger.token}`)).status).toBe(403);
    expect((await fetch(`${gw.url}${image.body.attachment.url}`)).status).toBe(401);
    expect((await fetch(`${gw.url}/api/attachments/0123456789abcdef01234567?token=${ana.token}`)).status).toBe(404);
  });

  it('a text message ignores attachmentId, even one that does not exist or is not the sender\'s', async () => {
    const { customer, conversation } = await customerWithConversation(gw);
    const other = await newCustomer(gw);
    const foreign = await upload(gw, other.token, PNG, 'theirs.png', 'image/png');
    for (const attachmentId of ['0123456789abcdef01234567', foreign.body.attachment.id]) {
      const sent = await emitOk<Message>(customer.socket, E.messageSend, {
        conversationId: conversation.id,
        clientMsgId: clientMsgId(),
        text: 'just text',
        attachmentId,
      });
      expect(sent).toMatchObject({ kind: 'text', text: 'just text', attachment: null });
    }
  });

  it('refuses oversize files with 413, other types with 415, and fake images', async () => {
    const { customer } = await customerWithConversation(gw);
    expect((await upload(gw, customer.token, Buffer.alloc(5000, 1), 'big.txt', 'text/plain')).status).toBe(413);
    expect((await upload(gw, customer.token, Buffer.from('<svg/>'), 'x.svg', 'image/svg+xml')).status).toBe(415);
    expect((await upload(gw, customer.token, Buffer.from('<html>'), 'x.html', 'text/html')).status).toBe(415);
    expect((await upload(gw, customer.token, Buffer.from('<html>'), 'x.png', 'image/png')).status).toBe(415);
    expect((await upload(gw, customer.token, Buffer.from('a,b\n1,2\n'), 'x.csv', 'text/csv')).status).toBe(201);
    const none = await fetch(`${gw.url}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${customer.token}` } });
    expect(none.status).toBe(400);
  });
});
