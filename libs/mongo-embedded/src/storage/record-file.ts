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

const DESERIALIZE: BSON.DeserializeOptions = { promoteLongs: true, promoteValues: true, promoteBuffers: false };

/** The intact record at `offset`, or null at the end or at a short / corrupt record. */
export function readRecord(buf: Buffer, offset: number): { record: JournalRecord; next: number } | null {
  if (offset + RECORD_HEADER > buf.length) return null;
  const length = buf.readUInt32LE(offset);
  const end = offset + RECORD_HEADER + length;
  if (length < 5 || end > buf.length) return null;
  const payload = buf.subarray(offset + RECORD_HEADER, end);
  if (crc32(payload) !== buf.readUInt32LE(offset + 4)) return null;
  try {
    return { record: BSON.deserialize(payload, DESERIALIZE) as JournalRecord, next: end };
  } catch {
    return null;
  }
}

export interface ScanResult {
  count: number;
  /** Offset just past the last intact record. */
  validBytes: number;
  /** True when bytes after `validBytes` were ignored. */
  damaged: boolean;
}

/** Streams intact records from `offset` to `apply` (no list is built: replay stays lean on memory). */
export function scanRecords(buf: Buffer, offset: number, apply: (record: JournalRecord) => void): ScanResult {
  let count = 0;
  for (let r = readRecord(buf, offset); r; r = readRecord(buf, offset)) {
    apply(r.record);
    offset = r.next;
    count++;
  }
  return { count, validBytes: offset, damaged: offset < buf.length };
}
