// MongoDB wire protocol framing: OP_MSG (2013) in both directions, legacy OP_QUERY (2004) in and
// OP_REPLY (1) out for the driver's first handshake.
import { BSON, Long } from 'bson';
import { MongoServerError } from '../engine/errors';
import { RawDocument, encodeBatch } from '../engine/raw-document';
import { Doc, numericize } from '../engine/values';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_BSON_SIZE = 16 * 1024 * 1024;

const FLAG_CHECKSUM = 1;
export const FLAG_MORE_TO_COME = 2;

export class ProtocolError extends Error {}

export interface Request {
  requestId: number;
  opCode: number;
  flags: number;
  /** The command with OP_MSG kind-1 sequences merged in as arrays. */
  command: Doc;
  /** Database from `$db` (OP_MSG) or from `<db>.$cmd` (OP_QUERY). */
  db: string;
  /** Set when a value of the command cannot be taken (a regular expression this store cannot run): answer with it. */
  invalid?: MongoServerError;
}

// Regular expressions arrive as BSONRegExp (pattern and options as sent) and are converted by `numericize`.
const DESERIALIZE: BSON.DeserializeOptions = { promoteLongs: true, promoteValues: true, promoteBuffers: false, bsonRegExp: true };

function readDocument(buf: Buffer, offset: number, end: number): { doc: Doc; next: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || size > MAX_BSON_SIZE + 16 * 1024 || offset + size > end) throw new ProtocolError('bad document size');
  const doc = BSON.deserialize(buf.subarray(offset, offset + size), DESERIALIZE) as Doc;
  return { doc, next: offset + size };
}

function readCString(buf: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buf.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated string');
  return { value: buf.toString('utf8', offset, zero), next: zero + 1 };
}

/** Parses one complete message (header included). Throws ProtocolError on anything malformed. */
export function parseMessage(msg: Buffer): Request {
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  if (opCode === OP_MSG) {
    const flags = msg.readUInt32LE(16);
    const end = flags & FLAG_CHECKSUM ? msg.length - 4 : msg.length;
    let offset = 20;
    let command: Doc | undefined;
    const sequences: [string, Doc[]][] = [];
    while (offset < end) {
      const kind = msg[offset++];
      if (kind === 0) {
        const r = readDocument(msg, offset, end);
        command = r.doc;
        offset = r.next;
      } else if (kind === 1) {
        const size = msg.readInt32LE(offset);
        const sectionEnd = offset + size;
        if (size < 5 || sectionEnd > end) throw new ProtocolError('bad section size');
        const id = readCString(msg, offset + 4, sectionEnd);
        const docs: Doc[] = [];
        let p = id.next;
        while (p < sectionEnd) {
          const r = readDocument(msg, p, sectionEnd);
          docs.push(r.doc);
          p = r.next;
        }
        sequences.push([id.value, docs]);
        offset = sectionEnd;
      } else {
        throw new ProtocolError(`unknown section kind ${kind}`);
      }
    }
    if (!command) throw new ProtocolError('OP_MSG without a body section');
    for (const [name, docs] of sequences) command[name] = docs;
    return { requestId, opCode, flags, command, db: typeof command.$db === 'string' ? command.$db : 'admin', invalid: convertValues(command) };
  }
  if (opCode === OP_QUERY) {
    const flags = msg.readInt32LE(16);
    const ns = readCString(msg, 20, msg.length);
    const { doc } = readDocument(msg, ns.next + 8, msg.length);
    const command = doc.$query && typeof doc.$query === 'object' ? (doc.$query as Doc) : doc;
    const dot = ns.value.indexOf('.');
    return { requestId, opCode, flags, command, db: dot > 0 ? ns.value.slice(0, dot) : 'admin', invalid: convertValues(command) };
  }
  throw new ProtocolError(`unsupported opCode ${opCode}`);
}

/** Converts the command's values in place (see `numericize`); returns the error to answer with, if any. */
function convertValues(command: Doc): MongoServerError | undefined {
  try {
    numericize(command);
    return undefined;
  } catch (err) {
    if (err instanceof MongoServerError) return err;
    throw err;
  }
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/**
 * The reply's BSON. A cursor batch holding raw documents is encoded around an empty array placed first in the
 * cursor, which is placed first in the reply: the array's five bytes at a known offset become the batch's bytes.
 */
function serializeReply(reply: Doc): Uint8Array {
  const { cursor, ...rest } = reply as { cursor?: Doc };
  const key = cursor && ('firstBatch' in cursor ? 'firstBatch' : 'nextBatch' in cursor ? 'nextBatch' : undefined);
  const batch = key ? cursor[key] : undefined;
  if (!key || !Array.isArray(batch) || !batch.some((doc) => doc instanceof RawDocument)) return BSON.serialize(reply);
  const { [key]: _batch, ...cursorRest } = cursor;
  const encoded = BSON.serialize({ cursor: { [key]: [], ...cursorRest }, ...rest });
  const body = Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  const cursorAt = 4 + 1 + 'cursor'.length + 1;
  const arrayAt = cursorAt + 4 + 1 + key.length + 1;
  if (body.readInt32LE(arrayAt) !== 5) throw new Error('unexpected cursor reply layout');
  const array = encodeBatch(batch);
  const out = Buffer.concat([body.subarray(0, arrayAt), array, body.subarray(arrayAt + 5)]);
  const grown = array.length - 5;
  out.writeInt32LE(body.readInt32LE(0) + grown, 0);
  out.writeInt32LE(body.readInt32LE(cursorAt) + grown, cursorAt);
  if (out.length > MAX_BSON_SIZE + 16 * 1024) throw new Error(`reply of ${out.length} bytes is over the BSON limit`);
  return out;
}

export function encodeReply(req: Request, reply: Doc): Buffer {
  const body = serializeReply(reply);
  if (req.opCode === OP_QUERY) {
    const prefix = Buffer.allocUnsafe(20);
    prefix.writeInt32LE(0, 0); // responseFlags
    const zero = Long.ZERO;
    prefix.writeInt32LE(zero.low, 4);
    prefix.writeInt32LE(zero.high, 8);
    prefix.writeInt32LE(0, 12); // startingFrom
    prefix.writeInt32LE(1, 16); // numberReturned
    return Buffer.concat([header(16 + 20 + body.length, req.requestId, OP_REPLY), prefix, body]);
  }
  const prefix = Buffer.alloc(5); // flagBits 0, section kind 0
  return Buffer.concat([header(16 + 5 + body.length, req.requestId, OP_MSG), prefix, body]);
}
