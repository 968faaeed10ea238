import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { mongo, type Connection, type Types } from 'mongoose';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ByteRange } from './byte-range';
import { sameBytes } from './same-bytes';

const BUCKET = 'blobs';

/** What a blob's GridFS file document carries in `metadata` (blobs from before SHA-256 addressing have none). */
interface BlobMetadata {
  sha256: string;
  md5: string;
  /** How many attachment records point at it; 0 means it is being deleted and may not be taken again. */
  refs: number;
}

type BlobFile = mongo.GridFSFile & { metadata?: Partial<BlobMetadata> };
/** As the driver decodes it: `data` is a BSON Binary (GridFSChunk's type says bytes). */
type BlobChunk = Omit<mongo.GridFSChunk, 'data'> & { data: mongo.Binary | Uint8Array };

/**
 * Chunks fetched per round trip when reading (GridFS chunks are 255 KiB). Measured with 20 downloads of 10 MiB at
 * once: 4 per batch held ~60 MiB in the gateway, 1 per batch ~18 MiB, at no cost in time.
 */
const READ_BATCH_CHUNKS = 1;

/** One blob being written: chunks go to the store as they come (GridFS, 255 KiB a chunk), never the whole file. */
export interface BlobWriter {
  readonly id: Types.ObjectId;
  /** Resolves once the chunk is taken (stored, when it completes a GridFS chunk): backpressure, nothing in flight after. */
  write(chunk: Buffer): Promise<void>;
  finish(): Promise<void>;
  /** Removes what was written (a partial or a finished blob); safe to call in any state, more than once. */
  discard(): Promise<void>;
}

/**
 * The only code touching the `blobs` GridFS bucket. Content is shared between uploads with equal bytes: a blob's
 * `metadata.refs` counts the records pointing at it, changed by conditional updates of its file document, so a
 * blob whose count reached 0 is never taken again while it is deleted.
 */
@Injectable()
export class BlobStore implements OnModuleInit {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async onModuleInit(): Promise<void> {
    // Serves findShared: blobs by content hash and size.
    await this.files().createIndex({ 'metadata.sha256': 1, length: 1 });
  }

  private bucket(): mongo.GridFSBucket {
    if (!this.connection.db) throw new Error('database not connected');
    return new mongo.GridFSBucket(this.connection.db, { bucketName: BUCKET });
  }

  private files(): mongo.Collection<BlobFile> {
    if (!this.connection.db) throw new Error('database not connected');
    return this.connection.db.collection<BlobFile>(`${BUCKET}.files`);
  }

  private chunks(): mongo.Collection<BlobChunk> {
    if (!this.connection.db) throw new Error('database not connected');
    return this.connection.db.collection<BlobChunk>(`${BUCKET}.chunks`);
  }

  create(): BlobWriter {
    const upload = this.bucket().openUploadStream('upload');
    let failure: unknown = null;
    // Kept for the stream's life: an error with no listener would end the process.
    upload.on('error', (error) => (failure ??= error));
    let state: 'open' | 'finished' | 'discarded' = 'open';
    return {
      id: upload.id as Types.ObjectId,
      write: (chunk) =>
        new Promise<void>((resolve, reject) => {
          if (failure) reject(failure);
          else upload.write(chunk, (error) => (error ? reject(error) : resolve()));
        }),
      finish: async () => {
        if (failure) throw failure;
        upload.end();
        await finished(upload);
        state = 'finished';
      },
      discard: async () => {
        const was = state;
        state = 'discarded';
        if (was === 'open') await upload.abort().catch(() => this.delete(upload.id as Types.ObjectId));
        else if (was === 'finished') await this.delete(upload.id as Types.ObjectId);
      },
    };
  }

  /** Makes a new blob findable by its content and counts its first record. */
  async publish(id: Types.ObjectId, hashes: { sha256: string; md5: string }): Promise<void> {
    const metadata: BlobMetadata = { ...hashes, refs: 1 };
    await this.files().updateOne({ _id: id }, { $set: { filename: hashes.sha256, metadata } });
  }

  /** Live blobs with this SHA-256 and size, other than `except` (more than one only after a real collision). */
  async findShared(sha256: string, size: number, except: Types.ObjectId): Promise<Types.ObjectId[]> {
    const found = await this.files()
      .find({ 'metadata.sha256': sha256, length: size, 'metadata.refs': { $gt: 0 }, _id: { $ne: except } }, { projection: { _id: 1 } })
      .limit(3)
      .toArray();
    return found.map((file) => file._id as Types.ObjectId);
  }

  /** Whether the two blobs hold the same bytes, read side by side from the store. */
  sameContent(a: Types.ObjectId, b: Types.ObjectId): Promise<boolean> {
    return sameBytes(this.open(a), this.open(b));
  }

  /** Counts one more record on a live blob; false when it is being deleted (or gone). */
  async retain(id: Types.ObjectId): Promise<boolean> {
    const result = await this.files().updateOne({ _id: id, 'metadata.refs': { $gt: 0 } }, { $inc: { 'metadata.refs': 1 } });
    return result.modifiedCount === 1;
  }

  /**
   * One record less on the blob, deleting it when that was the last. 'untracked' for a blob without a count
   * (from before SHA-256 addressing): the caller deletes it once no record points at it.
   */
  async release(id: Types.ObjectId): Promise<'released' | 'untracked'> {
    const after = await this.files().findOneAndUpdate(
      { _id: id, 'metadata.refs': { $gt: 0 } },
      { $inc: { 'metadata.refs': -1 } },
      { returnDocument: 'after', projection: { metadata: 1 } },
    );
    if (!after) return 'untracked';
    if (after.metadata?.refs === 0) await this.delete(id);
    return 'released';
  }

  async delete(id: Types.ObjectId): Promise<void> {
    try {
      await this.bucket().delete(id);
    } catch (error) {
      // Deleted already (a concurrent discard): nothing left to do.
      if (!(error instanceof mongo.MongoRuntimeError)) throw error;
    }
  }

  /**
   * The blob's bytes, or one inclusive range of them, read a few chunks at a time as the reader takes them. (The
   * driver's GridFS download stream asks for up to 101 chunks at once: a whole 10 MiB file per download.)
   */
  open(id: Types.ObjectId, range?: ByteRange): Readable {
    // Byte mode with a small buffer: the next chunk is fetched only once the reader took this one.
    return Readable.from(this.readChunks(id, range), { objectMode: false, highWaterMark: 64 * 1024 });
  }

  private async *readChunks(id: Types.ObjectId, range?: ByteRange): AsyncGenerator<Buffer> {
    const file = await this.files().findOne({ _id: id }, { projection: { length: 1, chunkSize: 1 } });
    if (!file) throw new Error(`blob ${id.toHexString()} not found`);
    const start = range?.start ?? 0;
    const end = range ? range.end + 1 : file.length; // exclusive
    if (start >= end) return;
    const first = Math.floor(start / file.chunkSize);
    const last = Math.ceil(end / file.chunkSize) - 1;
    const cursor = this.chunks()
      .find({ files_id: id, n: { $gte: first, $lte: last } }, { projection: { n: 1, data: 1 } })
      .sort({ n: 1 })
      .batchSize(READ_BATCH_CHUNKS);
    let expected = first;
    try {
      for await (const chunk of cursor) {
        const offset = expected * file.chunkSize;
        const data = chunkBytes(chunk.data);
        if (chunk.n !== expected || data.length !== Math.min(file.chunkSize, file.length - offset)) {
          throw new Error(`blob ${id.toHexString()}: chunk ${expected} is missing or damaged`);
        }
        yield data.subarray(Math.max(start - offset, 0), Math.min(end - offset, data.length));
        expected++;
      }
    } finally {
      await cursor.close();
    }
    if (expected !== last + 1) throw new Error(`blob ${id.toHexString()}: chunk ${expected} is missing`);
  }
}

/** A chunk's `data` (BSON Binary, or bytes) as a Buffer over the same memory. */
function chunkBytes(data: mongo.Binary | Uint8Array): Buffer {
  const bytes = data instanceof Uint8Array ? data : data.buffer.subarray(0, data.position);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
