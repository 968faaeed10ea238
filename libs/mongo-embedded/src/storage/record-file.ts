// Record framing shared by the journal and the snapshot:
//   [u32 LE payload length][u32 LE crc32(payload)][payload: one BSON document]
// A reader stops at the first record that is short or fails its checksum (a torn or corrupt tail).
import { BSON } from 'bson';
import { crc32 } from 'node:zlib';
import type { JournalRecord } from '../engine/collection';

export const RECORD_HEADER = 8;

export function encodeRecord(record: JournalRecord): Buffer {
  const payload = BSON.serialize(record);
  const out = Buffer.allocUnsafe(RECORD_HEADER + payload.length);
  out.writeUInt32LE(payload.length, 0);
  out.writeUInt32LE(crc32(payload), 4);
  out.set(payload, RECORD_HEADER);
  return out;
}

export interface ReadResult {
  records: JournalRecord[];
  /** Offset just past the last intact record. */
  validBytes: number;
  /** True when bytes after `validBytes` were ignored. */
  damaged: boolean;
}

const DESERIALIZE: BSON.DeserializeOptions = { promoteLongs: true, promoteValues: true, promoteBuffers: false };

export function decodeRecords(buf: Buffer): ReadResult {
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset + RECORD_HEADER <= buf.length) {
    const length = buf.readUInt32LE(offset);
    const end = offset + RECORD_HEADER + length;
    if (length < 5 || end > buf.length) break;
    const payload = buf.subarray(offset + RECORD_HEADER, end);
    if (crc32(payload) !== buf.readUInt32LE(offset + 4)) break;
    try {
      records.push(BSON.deserialize(payload, DESERIALIZE) as JournalRecord);
    } catch {
      break;
    }
    offset = end;
  }
  return { records, validBytes: offset, damaged: offset < buf.length };
}
