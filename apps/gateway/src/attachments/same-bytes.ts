import type { Readable } from 'node:stream';

/**
 * Whether two streams carry the same bytes, read side by side (a chunk of each at a time, whatever their chunk
 * sizes), stopping at the first difference. Both streams are destroyed when it returns.
 */
export async function sameBytes(a: Readable, b: Readable): Promise<boolean> {
  const left = a[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const right = b[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let x: Buffer = Buffer.alloc(0);
  let y: Buffer = Buffer.alloc(0);
  let leftDone = false;
  let rightDone = false;
  try {
    for (;;) {
      if (x.length === 0 && !leftDone) {
        const next = await left.next();
        if (next.done) leftDone = true;
        else x = next.value;
      }
      if (y.length === 0 && !rightDone) {
        const next = await right.next();
        if (next.done) rightDone = true;
        else y = next.value;
      }
      if (x.length === 0 && y.length === 0) {
        if (leftDone && rightDone) return true;
        continue; // an empty chunk: read on
      }
      if (x.length === 0 || y.length === 0) {
        if ((x.length === 0 && leftDone) || (y.length === 0 && rightDone)) return false; // one ended first
        continue;
      }
      const n = Math.min(x.length, y.length);
      if (!x.subarray(0, n).equals(y.subarray(0, n))) return false;
      x = x.subarray(n);
      y = y.subarray(n);
    }
  } finally {
    a.destroy();
    b.destroy();
  }
}
