import { Injectable } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { Types, mongo, type Connection, type Model } from 'mongoose';
import type { Readable } from 'node:stream';
import { AttachmentRecord, type StoredAttachment } from './schemas/attachment.schema';

/** Attachment metadata in `attachments`, content in the `blobs` GridFS bucket (one blob per distinct MD5). */
@Injectable()
export class AttachmentsRepository {
  constructor(
    @InjectModel(AttachmentRecord.name) private readonly attachments: Model<AttachmentRecord>,
    @InjectConnection() private readonly connection: Connection,
  ) {}

  private bucket(): mongo.GridFSBucket {
    if (!this.connection.db) throw new Error('database not connected');
    return new mongo.GridFSBucket(this.connection.db, { bucketName: 'blobs' });
  }

  async findById(id: string): Promise<StoredAttachment | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    return this.attachments.findById(new Types.ObjectId(id)).lean<StoredAttachment>().exec();
  }

  /** The blob already holding these bytes, if any (content-addressed by MD5 and size). */
  async findBlob(md5: string, size: number): Promise<Types.ObjectId | null> {
    const existing = await this.attachments.findOne({ md5, size }, { blobId: 1 }).lean<StoredAttachment>().exec();
    return existing ? existing.blobId : null;
  }

  uploadBlob(md5: string, bytes: Buffer): Promise<Types.ObjectId> {
    return new Promise((resolve, reject) => {
      const upload = this.bucket().openUploadStream(md5);
      upload.once('error', reject);
      upload.once('finish', () => resolve(upload.id as Types.ObjectId));
      upload.end(bytes);
    });
  }

  openBlob(blobId: Types.ObjectId): Readable {
    return this.bucket().openDownloadStream(blobId);
  }

  async create(record: AttachmentRecord): Promise<StoredAttachment> {
    const created = await this.attachments.create(record);
    return created.toObject() as StoredAttachment;
  }
}
