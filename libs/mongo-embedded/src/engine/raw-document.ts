// A document kept as the BSON bytes it will be sent as: a find that keeps a few top-level fields of each document
// hands those fields' bytes from LMDB to the reply without decoding them into objects and encoding them again.
import { BSON } from 'bson';
import type { Doc } from './values';

export class RawDocument {
  constructor(readonly bytes: Uint8Array) {}
}

/** What a cursor hands out: a decoded document or one kept as bytes. */
export type BatchDoc = Doc | RawDocument;

/** The size of a batch's `index`th entry in the reply: the document and its array element's type and name. */
export const replySizeOf = (doc: BatchDoc, index: number): number =>
  (doc instanceof RawDocument ? doc.bytes.length : BSON.calculateObjectSize(doc)) + String(index).length + 2;

/** A BSON array of `docs` (`{ "0": doc, "1": doc, ... }`), raw ones copied as they are. */
export function encodeBatch(docs: readonly BatchDoc[]): Buffer {
  const bytes = docs.map((doc) => (doc instanceof RawDocument ? doc.bytes : BSON.serialize(doc)));
  let size = 5;
  bytes.forEach((b, i) => (size += 2 + String(i).length + b.length));
  const out = Buffer.allocUnsafe(size);
  out.writeInt32LE(size, 0);
  let at = 4;
  bytes.forEach((b, i) => {
    out[at++] = 0x03;
    at += out.write(String(i), at, 'latin1');
    out[at++] = 0;
    out.set(b, at);
    at += b.length;
  });
  out[at] = 0;
  return out;
}
