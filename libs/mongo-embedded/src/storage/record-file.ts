// Record framing of the store's earlier journal and snapshot files, read once to convert them (legacy-conversion.ts):
//   [u32 LE payload length][u32 LE crc32(payload)][payload: one BSON document]
// A reader stops at the first record that is short or fails its checksum (a torn or corrupt tail).
import { BSON } from 'bson';
import { crc32 } from 'node:zlib';

/** `{ o: kind, ... }`: h header, c/d create/drop collection, D drop database, i/x create/drop index, p put, r remove. */
export type JournalRecord = Record<string, unknown> & { o: string };

export const RECORD_HEADER = 8;

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
