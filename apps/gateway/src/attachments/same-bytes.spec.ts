import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { sameBytes } from './same-bytes';

/** The bytes in chunks of the given sizes (the last takes the rest). */
function chunked(bytes: Buffer, sizes: number[]): Readable {
  const chunks: Buffer[] = [];
  let offset = 0;
  for (const size of sizes) {
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  chunks.push(bytes.subarray(offset));
  return Readable.from(chunks.filter((c) => c.length > 0));
}

describe('sameBytes', () => {
  const bytes = randomBytes(10_000);

  it('finds equal bytes equal whatever the chunking', async () => {
    expect(await sameBytes(chunked(bytes, [1, 4095, 3000]), chunked(bytes, [7000, 1]))).toBe(true);
    expect(await sameBytes(Readable.from([]), Readable.from([]))).toBe(true);
  });

  it('finds one changed byte, or one stream being a prefix of the other', async () => {
    const changed = Buffer.from(bytes);
    changed[9_999] ^= 1;
    expect(await sameBytes(chunked(bytes, [5000]), chunked(changed, [333]))).toBe(false);
    expect(await sameBytes(chunked(bytes, [5000]), chunked(bytes.subarray(0, 9_999), [5000]))).toBe(false);
    expect(await sameBytes(chunked(bytes.subarray(0, 1), []), chunked(bytes, [1]))).toBe(false);
  });
});
