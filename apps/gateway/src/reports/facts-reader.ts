import { mongo } from 'mongoose';
import type { ConversationFacts } from './report-figures';

/**
 * A conversation's report facts read from its BSON bytes (a cursor with `raw: true`): the summary of a year reads
 * hundreds of thousands of conversations, and building a Date and an object per field for each cost more than the
 * figures. Dates stay milliseconds. A document with a type this reader does not expect is decoded by `bson` whole.
 */
export function readFacts(bytes: Uint8Array): ConversationFacts {
  const buffer = Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = readTopLevel(buffer);
  return (read ?? mongo.BSON.deserialize(bytes)) as ConversationFacts;
}

/** Field names met so far, by byte length: the same few repeat in every conversation, so each is decoded once. */
class StringTable {
  private readonly byLength = new Map<number, { bytes: Buffer; text: string }[]>();

  constructor(private readonly maxPerLength: number) {}

  at(bytes: Buffer, at: number, end: number): string {
    const length = end - at;
    const known = this.byLength.get(length) ?? [];
    for (const candidate of known) {
      let i = 0;
      while (i < length && bytes[at + i] === candidate.bytes[i]) i++;
      if (i === length) return candidate.text;
    }
    const text = bytes.toString('utf8', at, end);
    if (known.length < this.maxPerLength)
      this.byLength.set(length, [...known, { bytes: Buffer.from(bytes.subarray(at, end)), text }]);
    return text;
  }
}

const names = new StringTable(16);

/** The top-level fields as plain values (a sub-document's too, one level), or null on a type it does not read. */
function readTopLevel(bytes: Buffer, start = 0): Record<string, unknown> | null {
  const end = start + bytes.readInt32LE(start) - 1;
  const out: Record<string, unknown> = {};
  for (let at = start + 4; at < end;) {
    const type = bytes[at++];
    const nameEnd = bytes.indexOf(0, at);
    const name = names.at(bytes, at, nameEnd);
    at = nameEnd + 1;
    switch (type) {
      case 0x01: // double
        out[name] = bytes.readDoubleLE(at);
        at += 8;
        break;
      case 0x02: {
        // string: length (with its NUL), bytes
        const length = bytes.readInt32LE(at);
        out[name] = bytes.toString('utf8', at + 4, at + 3 + length);
        at += 4 + length;
        break;
      }
      case 0x03: {
        // sub-document (a rating, the customer)
        if (start !== 0) return null;
        const inner = readTopLevel(bytes, at);
        if (!inner) return null;
        out[name] = inner;
        at += bytes.readInt32LE(at);
        break;
      }
      case 0x08: // boolean
        out[name] = bytes[at++] === 1;
        break;
      case 0x09: // UTC datetime: int64 milliseconds
      case 0x12: // int64
        out[name] = bytes.readUInt32LE(at) + bytes.readInt32LE(at + 4) * 0x1_0000_0000;
        at += 8;
        break;
      case 0x0a: // null
        out[name] = null;
        break;
      case 0x10: // int32
        out[name] = bytes.readInt32LE(at);
        at += 4;
        break;
      default:
        return null;
    }
  }
  return out;
}
