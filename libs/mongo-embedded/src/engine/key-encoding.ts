// Order-preserving byte encoding of values: comparing two encodings byte by byte (memcmp, as LMDB orders its keys)
// gives MongoDB's sort order, across BSON types by type bracket and within a type by value. Every encoding is
// self-delimiting (no encoding is a prefix of another), so compound keys are plain concatenations and a descending
// field is its encoding with every byte inverted.
import { Binary, Decimal128, Long, ObjectId, Timestamp } from 'bson';
import { Doc, isPlainObject, pathValues } from './values';

/** Type brackets in MongoDB's comparison order; numbers of every width share one, as they compare as numbers. */
export const BRACKET = {
  minKey: 0x01,
  /** An empty array as an index or sort key (MongoDB keys it as undefined: before null). */
  emptyArray: 0x03,
  nullish: 0x05,
  number: 0x10,
  string: 0x20,
  object: 0x30,
  array: 0x40,
  binary: 0x50,
  objectId: 0x60,
  boolean: 0x70,
  date: 0x80,
  timestamp: 0x90,
  regex: 0xa0,
  maxKey: 0xfe,
} as const;

const END = 0x00;

class ByteWriter {
  private buf = Buffer.allocUnsafe(64);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.length++] = b;
  }

  bytes(src: Uint8Array): void {
    this.room(src.length);
    this.buf.set(src, this.length);
    this.length += src.length;
  }

  /** IEEE-754 double made memcmp-ordered: sign bit flipped for positives, every bit for negatives. NaN first. */
  double(n: number): void {
    this.room(8);
    if (Number.isNaN(n)) {
      this.buf.fill(0, this.length, this.length + 8);
    } else {
      this.buf.writeDoubleBE(n === 0 ? 0 : n, this.length); // -0 equals 0
      if (this.buf[this.length] & 0x80) for (let i = 0; i < 8; i++) this.buf[this.length + i] ^= 0xff;
      else this.buf[this.length] ^= 0x80;
    }
    this.length += 8;
  }

  /** UTF-8 with 0x00 escaped as 00 FF, ended by 00 00: byte order of the escaped form is byte order of the string. */
  text(s: string): void {
    const raw = Buffer.from(s, 'utf8');
    this.room(raw.length * 2 + 2);
    for (const b of raw) {
      this.buf[this.length++] = b;
      if (b === 0) this.buf[this.length++] = 0xff;
    }
    this.buf[this.length++] = END;
    this.buf[this.length++] = END;
  }

  invertFrom(start: number): void {
    for (let i = start; i < this.length; i++) this.buf[i] ^= 0xff;
  }

  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length));
  }
}

function bsonType(v: object): string | undefined {
  return (v as { _bsontype?: string })._bsontype;
}

function writeValue(w: ByteWriter, v: unknown): void {
  if (v === undefined || v === null) return w.byte(BRACKET.nullish);
  switch (typeof v) {
    case 'number':
      w.byte(BRACKET.number);
      return w.double(v);
    case 'bigint':
      w.byte(BRACKET.number);
      return w.double(Number(v));
    case 'string':
      w.byte(BRACKET.string);
      return w.text(v);
    case 'boolean':
      w.byte(BRACKET.boolean);
      return w.byte(v ? 1 : 0);
    case 'function':
    case 'symbol':
    case 'undefined':
    case 'object':
      break;
  }
  if (v instanceof Date) {
    w.byte(BRACKET.date);
    return w.double(v.getTime());
  }
  if (v instanceof ObjectId) {
    w.byte(BRACKET.objectId);
    return w.bytes(v.id);
  }
  if (Array.isArray(v)) {
    w.byte(BRACKET.array);
    for (const el of v) writeValue(w, el);
    return w.byte(END);
  }
  if (v instanceof RegExp) {
    w.byte(BRACKET.regex);
    w.text(v.source);
    return w.text(v.flags);
  }
  if (isPlainObject(v)) {
    // MongoDB compares sub-documents element by element: type, then field name, then value.
    w.byte(BRACKET.object);
    for (const [name, x] of Object.entries(v)) {
      const enc = encodeValue(x);
      w.byte(enc[0]);
      w.text(name);
      w.bytes(enc.subarray(1));
    }
    return w.byte(END);
  }
  switch (bsonType(v as object)) {
    case 'Long':
      w.byte(BRACKET.number);
      return w.double((v as Long).toNumber());
    case 'Decimal128':
      w.byte(BRACKET.number);
      return w.double(Number((v as Decimal128).toString()));
    case 'Int32':
    case 'Double':
      w.byte(BRACKET.number);
      return w.double((v as { value: number }).value);
    case 'BSONSymbol':
      w.byte(BRACKET.string);
      return w.text(String((v as { value: string }).value));
    case 'Binary': {
      const bin = v as Binary;
      const header = Buffer.allocUnsafe(5);
      header.writeUInt32BE(bin.length(), 0); // MongoDB orders binaries by length, then subtype, then bytes
      header[4] = bin.sub_type;
      w.byte(BRACKET.binary);
      w.bytes(header);
      return w.bytes(bin.buffer.subarray(0, bin.length()));
    }
    case 'Timestamp': {
      const ts = v as Timestamp;
      const out = Buffer.allocUnsafe(8);
      out.writeUInt32BE(ts.high >>> 0, 0);
      out.writeUInt32BE(ts.low >>> 0, 4);
      w.byte(BRACKET.timestamp);
      return w.bytes(out);
    }
    case 'MinKey':
      return w.byte(BRACKET.minKey);
    case 'MaxKey':
      return w.byte(BRACKET.maxKey);
    case 'BSONRegExp': {
      const re = v as { pattern: string; options: string };
      w.byte(BRACKET.regex);
      w.text(re.pattern);
      return w.text(re.options);
    }
    case undefined:
    default:
      w.byte(BRACKET.object);
      return w.byte(END);
  }
}

/** The encoding of one value (the type bracket first). */
export function encodeValue(v: unknown): Buffer {
  const w = new ByteWriter();
  writeValue(w, v);
  return w.result();
}

/**
 * Reads the field that starts at `at` in an entry key: its value when the encoding keeps it whole (strings, ObjectIds,
 * booleans, dates; numbers lose their BSON width, null and missing look alike), and where the next field starts; null
 * for an encoding it cannot step over (sub-documents, arrays, regexes).
 */
export function readKeyField(
  key: Uint8Array,
  at: number,
  descending: boolean,
): { value?: unknown; next: number } | null {
  const byte = (i: number) => (descending ? key[i] ^ 0xff : key[i]);
  if (at >= key.length) return null;
  const bracket = byte(at);
  const fixed = (n: number) => (at + 1 + n <= key.length ? { next: at + 1 + n } : null);
  const bytes = (n: number) => {
    const out = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i++) out[i] = byte(at + 1 + i);
    return out;
  };
  switch (bracket) {
    case BRACKET.minKey:
    case BRACKET.maxKey:
    case BRACKET.emptyArray:
    case BRACKET.nullish:
      return fixed(0);
    case BRACKET.number:
    case BRACKET.timestamp:
      return fixed(8);
    case BRACKET.boolean:
      return at + 2 <= key.length ? { value: byte(at + 1) === 1, next: at + 2 } : null;
    case BRACKET.objectId:
      return at + 13 <= key.length ? { value: new ObjectId(bytes(12)), next: at + 13 } : null;
    case BRACKET.date: {
      if (at + 9 > key.length) return null;
      const raw = bytes(8);
      if (raw[0] & 0x80) raw[0] ^= 0x80;
      else for (let i = 0; i < 8; i++) raw[i] ^= 0xff;
      return { value: new Date(raw.readDoubleBE(0)), next: at + 9 };
    }
    case BRACKET.binary: {
      if (at + 6 > key.length) return null;
      const length = bytes(4).readUInt32BE(0);
      return fixed(5 + length);
    }
    case BRACKET.string: {
      const out: number[] = [];
      for (let i = at + 1; i + 1 < key.length; i++) {
        const b = byte(i);
        if (b !== END) {
          out.push(b);
          continue;
        }
        const escaped = byte(i + 1);
        if (escaped === END) return { value: Buffer.from(out).toString('utf8'), next: i + 2 };
        if (escaped !== 0xff) return null;
        out.push(0);
        i++;
      }
      return null;
    }
    default:
      return null;
  }
}

/** Where the field that starts at `at` in an entry key ends, stepped over without decoding it (null as readKeyField). */
export function keyFieldEnd(key: Uint8Array, at: number, descending: boolean): number | null {
  const first = at < key.length ? (descending ? key[at] ^ 0xff : key[at]) : -1;
  if (first !== BRACKET.string) return readKeyField(key, at, descending)?.next ?? null;
  const end = descending ? 0xff : END;
  const escape = descending ? 0x00 : 0xff;
  for (let i = at + 1; i + 1 < key.length; i++) {
    if (key[i] !== end) continue;
    if (key[i + 1] === end) return i + 2;
    if (key[i + 1] !== escape) return null;
    i++;
  }
  return null;
}

/**
 * `{ _id }` as BSON, straight from an ObjectId or string field that starts at `at` in an entry key (the string's
 * escapes undone); null for a field of another type.
 */
export function idDocument(key: Uint8Array, at: number, descending: boolean): Buffer | null {
  const flip = descending ? 0xff : 0;
  const bracket = at < key.length ? key[at] ^ flip : -1;
  if (bracket === BRACKET.objectId) {
    if (at + 13 > key.length) return null;
    const doc = Buffer.allocUnsafe(22);
    doc.writeInt32LE(22, 0);
    doc[4] = 0x07;
    doc.write('_id\0', 5, 'latin1');
    for (let i = 0; i < 12; i++) doc[9 + i] = key[at + 1 + i] ^ flip;
    doc[21] = 0;
    return doc;
  }
  if (bracket !== BRACKET.string) return null;
  const end = keyFieldEnd(key, at, descending);
  if (end === null) return null;
  // At most as many bytes as the escaped form: type, name, length, the string, its NUL, the document's end.
  const doc = Buffer.allocUnsafe(4 + 1 + 4 + 4 + (end - at) + 1);
  doc[4] = 0x02;
  doc.write('_id\0', 5, 'latin1');
  let length = 0;
  for (let i = at + 1; i < end - 2; i++) {
    doc[13 + length++] = key[i] ^ flip;
    if ((key[i] ^ flip) === END) i++; // 00 FF: an escaped 0x00
  }
  doc[13 + length] = 0;
  doc.writeInt32LE(length + 1, 9);
  const size = 13 + length + 2;
  doc[size - 1] = 0;
  doc.writeInt32LE(size, 0);
  return doc.subarray(0, size);
}

/** One field of an index or sort key: its value (or an empty array) and direction. */
export function encodeKey(values: readonly unknown[], descending: readonly boolean[]): Buffer {
  const w = new ByteWriter();
  values.forEach((v, i) => {
    const start = w.length;
    if (Array.isArray(v) && v.length === 0) w.byte(BRACKET.emptyArray);
    else writeValue(w, v);
    if (descending[i]) w.invertFrom(start);
  });
  return w.result();
}

/**
 * The values a document contributes to a key on `path`, as MongoDB keys them: each element of an array (multikey),
 * an empty array as itself, a missing field as null.
 */
export function keyValues(doc: Doc, path: string): unknown[] {
  const found = pathValues(doc, path);
  if (found.length === 0) return [null];
  const out: unknown[] = [];
  for (const v of found) {
    if (Array.isArray(v) && v.length > 0) out.push(...v);
    else out.push(v);
  }
  return out;
}

/**
 * The byte key a document sorts by under `spec` (field → 1 | -1): per field the smallest of its key values for an
 * ascending field and the largest for a descending one (MongoDB's rule for arrays), inverted when descending.
 */
export function sortKey(doc: Doc, fields: readonly [string, number][]): Buffer {
  const parts: Buffer[] = [];
  for (const [path, dir] of fields) {
    let best: Buffer | null = null;
    for (const v of keyValues(doc, path)) {
      const enc = Array.isArray(v) && v.length === 0 ? Buffer.of(BRACKET.emptyArray) : encodeValue(v);
      if (!best || (dir < 0 ? Buffer.compare(enc, best) > 0 : Buffer.compare(enc, best) < 0)) best = enc;
    }
    const chosen = best as Buffer;
    if (dir < 0) for (let i = 0; i < chosen.length; i++) chosen[i] ^= 0xff;
    parts.push(chosen);
  }
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/** Whether `spec` is a plain ascending/descending sort this encoding can order. */
export function plainSortFields(spec: Doc): [string, number][] | null {
  const fields = Object.entries(spec);
  if (fields.some(([, dir]) => dir !== 1 && dir !== -1)) return null;
  return fields as [string, number][];
}

/**
 * Stable sort of `docs` by `spec`, keeping only the first `keep` of the order when given (a bounded insertion,
 * O(n log k)); null when the spec is not a plain ascending/descending sort.
 */
export function sortDocs(docs: Iterable<Doc>, spec: Doc, keep = Infinity): Doc[] | null {
  const fields = plainSortFields(spec);
  if (!fields) return null;
  const keyed: { doc: Doc; key: Buffer }[] = [];
  const cmp = (a: { key: Buffer }, b: { key: Buffer }) => Buffer.compare(a.key, b.key);
  const bounded = keep <= 1000; // a bounded insertion beyond that costs more than sorting everything
  for (const doc of docs) {
    const item = { doc, key: sortKey(doc, fields) };
    if (!bounded) {
      keyed.push(item);
      continue;
    }
    if (keyed.length === keep && cmp(item, keyed[keep - 1]) >= 0) continue; // ties keep the earlier (stable)
    let lo = 0;
    let hi = keyed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(item, keyed[mid]) < 0) hi = mid;
      else lo = mid + 1;
    }
    keyed.splice(lo, 0, item);
    if (keyed.length > keep) keyed.pop();
  }
  if (!bounded) keyed.sort(cmp);
  return (bounded || keep === Infinity ? keyed : keyed.slice(0, keep)).map((k) => k.doc);
}
