import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { GridFSBucket } from 'mongodb';
import { useStore } from './test-support/store-harness';

describe('GridFS over the embedded store', () => {
  const harness = useStore({ fsync: false });

  it('stores, lists, streams back and deletes a multi-chunk file', async () => {
    const bucket = new GridFSBucket(harness().client.db('gridfs_spec'), { bucketName: 'blobs' });
    const content = randomBytes(700 * 1024); // three chunks of 255 KiB
    const upload = bucket.openUploadStream('photo.png', { metadata: { md5: createHash('md5').update(content).digest('hex') } });
    await new Promise<void>((resolve, reject) => Readable.from([content]).pipe(upload).on('finish', () => resolve()).on('error', reject));
    const [file] = await bucket.find({ filename: 'photo.png' }).toArray();
    expect(file).toMatchObject({ length: content.length, chunkSize: 255 * 1024 });
    const chunks: Buffer[] = [];
    for await (const chunk of bucket.openDownloadStream(file._id)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(content)).toBe(true);
    const partial: Buffer[] = [];
    for await (const chunk of bucket.openDownloadStream(file._id, { start: 300_000, end: 300_010 })) partial.push(chunk as Buffer);
    expect(Buffer.concat(partial).equals(content.subarray(300_000, 300_010))).toBe(true);
    await bucket.delete(file._id);
    expect(await bucket.find({}).toArray()).toEqual([]);
    expect(await harness().client.db('gridfs_spec').collection('blobs.chunks').countDocuments()).toBe(0);
  });
});
