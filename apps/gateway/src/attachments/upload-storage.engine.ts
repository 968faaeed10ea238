import { Injectable } from '@nestjs/common';
import type { Attachment } from '@switchboard/protocol';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { AttachmentsService } from './attachments.service';

/** What the route handler gets from @UploadedFile(): multer's description plus the stored attachment. */
export type StoredUpload = Express.Multer.File & { attachment: Attachment };

/**
 * multer's storage: each file part streams from the request into the store (AttachmentsService.receive), so
 * no upload is ever held whole in memory. The guard has run (multer runs in an interceptor), so the uploader
 * is known before the first byte is read.
 */
@Injectable()
export class UploadStorageEngine implements StorageEngine {
  constructor(private readonly attachments: AttachmentsService) {}

  _handleFile(req: Request, file: Express.Multer.File, callback: (error?: unknown, info?: Partial<StoredUpload>) => void): void {
    const uploader = (req as Request & AuthenticatedRequest).principal;
    if (!uploader) return callback(new Error('upload without an authenticated uploader'));
    this.attachments
      .receive(uploader, { originalName: file.originalname, declaredType: file.mimetype, stream: file.stream })
      .then((attachment) => callback(null, { attachment }), callback);
  }

  _removeFile(_req: Request, file: Express.Multer.File, callback: (error: Error | null) => void): void {
    const { attachment } = file as Partial<StoredUpload>;
    if (!attachment) return callback(null);
    this.attachments.discard(attachment.id).then(
      () => callback(null),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }
}
