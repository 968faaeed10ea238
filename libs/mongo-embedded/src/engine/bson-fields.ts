// A document's chosen top-level fields straight from its BSON bytes: the elements are stepped over by their sizes
// and only the chosen ones are copied into a smaller document to decode. A projection that keeps a few fields of
// large documents (reports reading a year of conversations) then decodes only those.

/** The size of an element's value of BSON type `type` starting at `at`, or -1 for a type it does not know. */
function valueSize(bytes: Uint8Array, view: DataView, type: number, at: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // UTC datetime
    case 0x11: // timestamp
    case 0x12: // int64
      return 8;
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      return 4 + view.getInt32(at, true);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return view.getInt32(at, true);
    case 0x05: // binary: length, subtype, bytes
      return 5 + view.getInt32(at, true);
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
      return 4 + view.getInt32(at, true) + 12;
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
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 5) return null;
  const end = view.getInt32(0, true) - 1;
  if (end >= bytes.length || end < 4) return null;
  const byLength = wantedNames(fields);
  const kept: [number, number][] = [];
  let size = 5;
  for (let at = 4; at < end;) {
    const start = at;
    const type = bytes[at++];
    const nameEnd = bytes.indexOf(0, at);
    if (nameEnd < 0 || nameEnd >= end) return null;
    const wanted = isWanted(bytes, at, nameEnd - at, byLength);
    at = nameEnd + 1;
    const length = valueSize(bytes, view, type, at);
    if (length < 0 || at + length > end) return null;
    at += length;
    if (wanted) {
      kept.push([start, at]);
      size += at - start;
    }
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32LE(size, 0);
  let at = 4;
  for (const [from, to] of kept) {
    out.set(bytes.subarray(from, to), at);
    at += to - from;
  }
  out[at] = 0;
  return out;
}
