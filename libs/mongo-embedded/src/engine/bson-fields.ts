// A document's chosen top-level fields straight from its BSON bytes: the elements are stepped over by their sizes
// and only the chosen ones are copied into a smaller document to decode. A projection that keeps a few fields of
// large documents (reports reading a year of conversations) then decodes only those.

/** The size of an element's value of BSON type `type` starting at `at`, or -1 for a type it does not know. */
/** A little-endian int32 (no DataView per document). */
const int32At = (bytes: Uint8Array, at: number) =>
  bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);

function valueSize(bytes: Uint8Array, type: number, at: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // UTC datetime
    case 0x11: // timestamp
    case 0x12: // int64
      return 8;
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      return 4 + int32At(bytes, at);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return int32At(bytes, at);
    case 0x05: // binary: length, subtype, bytes
      return 5 + int32At(bytes, at);
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // MaxKey
    case 0xff: // MinKey
      return 0;
    case 0x07: // ObjectId
      return 12;
    case 0x08: // boolean
      return 1;
    case 0x0b: {
      // regex: two C strings
      let end = bytes.indexOf(0, at);
      end = end < 0 ? -1 : bytes.indexOf(0, end + 1);
      return end < 0 ? -1 : end + 1 - at;
    }
    case 0x0c: // DBPointer: string, then an ObjectId
      return 4 + int32At(bytes, at) + 12;
    case 0x10: // int32
      return 4;
    case 0x13: // decimal128
      return 16;
    default:
      return -1;
  }
}

/** The chosen names as UTF-8 bytes, grouped by length: an element's name is compared without making a string. */
const wantedCache = new WeakMap<ReadonlySet<string>, Map<number, Buffer[]>>();
function wantedNames(fields: ReadonlySet<string>): Map<number, Buffer[]> {
  let byLength = wantedCache.get(fields);
  if (!byLength) {
    byLength = new Map();
    for (const field of fields) {
      const name = Buffer.from(field, 'utf8');
      byLength.set(name.length, [...(byLength.get(name.length) ?? []), name]);
    }
    wantedCache.set(fields, byLength);
  }
  return byLength;
}

function isWanted(bytes: Uint8Array, at: number, length: number, byLength: Map<number, Buffer[]>): boolean {
  const names = byLength.get(length);
  if (!names) return false;
  for (const name of names) {
    let i = 0;
    while (i < length && bytes[at + i] === name[i]) i++;
    if (i === length) return true;
  }
  return false;
}

/**
 * A BSON document holding only the top-level elements of `bytes` named in `fields`, in their order; null when the
 * bytes do not parse (the caller then decodes the whole document and lets that fail or succeed).
 */
export function pickFields(bytes: Uint8Array, fields: ReadonlySet<string>): Uint8Array | null {
  if (bytes.length < 5) return null;
  const end = int32At(bytes, 0) - 1;
  if (end >= bytes.length || end < 4) return null;
  const byLength = wantedNames(fields);
  // The kept elements' [start, end) pairs; neighbours are merged into one copy.
  let ranges = 0;
  let found = 0;
  let size = 5;
  for (let at = 4; at < end;) {
    const start = at;
    const type = bytes[at++];
    let nameEnd = at; // names are short: a loop beats a native indexOf call per element
    while (nameEnd < end && bytes[nameEnd] !== 0) nameEnd++;
    if (nameEnd >= end) return null;
    const wanted = isWanted(bytes, at, nameEnd - at, byLength);
    at = nameEnd + 1;
    const length = valueSize(bytes, type, at);
    if (length < 0 || at + length > end) return null;
    at += length;
    if (!wanted) continue;
    found++;
    size += at - start;
    if (ranges > 0 && kept[2 * ranges - 1] === start) kept[2 * ranges - 1] = at;
    else {
      if (2 * ranges + 2 > kept.length) kept = growTo(kept, 2 * kept.length);
      kept[2 * ranges] = start;
      kept[2 * ranges + 1] = at;
      ranges++;
    }
    if (found === fields.size) break; // a document holds each name once
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32LE(size, 0);
  let at = 4;
  for (let i = 0; i < ranges; i++) {
    at += copyBytes(bytes, out, at, kept[2 * i], kept[2 * i + 1]);
  }
  out[at] = 0;
  return out;
}

/** Scratch for pickFields' ranges (one document at a time: the store's thread is single). */
let kept: Int32Array = new Int32Array(64);
function growTo(from: Int32Array, length: number): Int32Array {
  const grown = new Int32Array(length);
  grown.set(from);
  return grown;
}

/** Copies `source[from, to)` into `target` at `at` without a view object per copy; returns how many bytes. */
const copyBytes = (source: Uint8Array, target: Buffer, at: number, from: number, to: number): number =>
  Buffer.prototype.copy.call(source, target, at, from, to);
