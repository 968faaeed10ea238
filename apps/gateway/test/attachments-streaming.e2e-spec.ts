// Attack 5, memory: 250 MiB of uploads grew the gateway by 400 MiB when multer held each file in memory. Files
// now stream into GridFS and back out. A real gateway process runs against a store in this test's process (so
// what the store keeps is not the gateway's), and its anonymous memory is sampled from /proc while 20 × 10 MiB go
// up at once and come back down.
import { startEmbeddedMongo, type EmbeddedMongo } from '@switchboard/mongo-embedded';
import { CLIENT_EVENTS, type Attachment } from '@switchboard/protocol';
import { connectCustomer, customerToken, emitOk, startGatewayProcess, type GatewayProcess } from '@switchboard/testing';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { uploadFile } from './support/uploads';

const MiB = 1024 * 1024;
const FILE_BYTES = 10 * MiB;
const FILES = 20;

/** RssAnon of a process in bytes: its heap and buffers, not the mapped code and files. */
function anonymousBytes(pid: number): number {
  const match = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no RssAnon in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** The highest RssAnon seen while `work` runs (sampled every 10 ms). */
async function peakDuring(pid: number, work: () => Promise<void>): Promise<number> {
  let peak = anonymousBytes(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, anonymousBytes(pid))), 10);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, anonymousBytes(pid));
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Downloads with the Bearer header, hashing the body as it streams in (nothing held here either). */
async function downloadDigest(url: string, token: string): Promise<{ status: number; sha256: string; length: string | null }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const hash = createHash('sha256');
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) hash.update(chunk);
  return { status: res.status, sha256: hash.digest('hex'), length: res.headers.get('content-length') };
}

describe('attachments stream through the gateway', () => {
  let storeDir: string;
  let store: EmbeddedMongo;
  let gateway: GatewayProcess;
  let socket: Socket | undefined;

  beforeAll(async () => {
    storeDir = mkdtempSync(path.join(tmpdir(), 'switchboard-stream-store-'));
    store = await startEmbeddedMongo({ port: 0, host: '127.0.0.1', dbPath: storeDir, fsync: false });
    gateway = await startGatewayProcess({
      env: {
        MONGODB_URI: `${store.uri}/switchboard`,
        ATTACHMENT_MAX_BYTES: String(FILE_BYTES),
        ATTACHMENT_QUOTA_BYTES: String(1024 * MiB),
      },
    });
  }, 60_000);

  afterAll(async () => {
    socket?.close();
    await gateway?.stop();
    await store?.close();
    rmSync(storeDir, { recursive: true, force: true });
  });

  it(`keeps the gateway's memory far below the ${(FILES * FILE_BYTES) / MiB} MiB uploaded and downloaded`, async () => {
    const pid = gateway.pid();
    if (pid === null) throw new Error('the gateway is not running');
    const auth = await customerToken(gateway.url, { name: 'Bulk' });
    socket = await connectCustomer(gateway.url, auth.token);
    await emitOk(socket, CLIENT_EVENTS.conversationStart, { text: 'files coming' });

    // Warm up (code paths, pools, the first GridFS indexes) before the baseline.
    for (let i = 0; i < 2; i++) {
      expect((await uploadFile(gateway.url, auth.token, randomBytes(FILE_BYTES), `warm-${i}.zip`, 'application/zip')).status).toBe(201);
    }
    const files = Array.from({ length: FILES }, () => randomBytes(FILE_BYTES));
    const baseline = anonymousBytes(pid);

    const uploaded: Attachment[] = [];
    const uploadPeak = await peakDuring(pid, async () => {
      const results = await Promise.all(files.map((bytes, i) => uploadFile(gateway.url, auth.token, bytes, `bulk-${i}.zip`, 'application/zip')));
      for (const result of results) {
        expect(result.status).toBe(201);
        uploaded.push(result.attachment);
      }
    });
    const downloadPeak = await peakDuring(pid, async () => {
      const digests = await Promise.all(uploaded.map((a) => downloadDigest(`${gateway.url}${a.url}`, auth.token)));
      digests.forEach((digest, i) => expect(digest).toEqual({ status: 200, sha256: sha256(files[i]), length: String(FILE_BYTES) }));
    });

    const moved = FILES * FILE_BYTES;
    const growth = Math.max(uploadPeak, downloadPeak) - baseline;
    console.log(
      `gateway RssAnon: baseline ${(baseline / MiB).toFixed(0)} MiB, peak +${((uploadPeak - baseline) / MiB).toFixed(0)} MiB uploading ` +
        `and +${((downloadPeak - baseline) / MiB).toFixed(0)} MiB downloading ${moved / MiB} MiB`,
    );
    // Holding the files would take at least what was uploaded at once; streaming takes a few chunks per request.
    expect(growth).toBeLessThan(0.6 * moved);

    // One byte over the limit is refused while it streams, and nothing of it stays in the quota.
    const over = await uploadFile(gateway.url, auth.token, randomBytes(FILE_BYTES + 1), 'over.zip', 'application/zip');
    expect(over).toMatchObject({ status: 413, error: { reason: 'file_too_large' } });
  }, 180_000);
});
