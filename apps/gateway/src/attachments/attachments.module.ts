import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AttachmentsCoreModule } from './attachments-core.module';
import { AttachmentsController } from './attachments.controller';
import { UploadStorageEngine } from './upload-storage.engine';

@Module({
  imports: [
    AttachmentsCoreModule,
    // Files stream into the store (UploadStorageEngine), which also enforces ATTACHMENT_MAX_BYTES with its own
    // 413: multer's fileSize limit would answer first with a generic message.
    MulterModule.registerAsync({
      imports: [AttachmentsCoreModule],
      inject: [UploadStorageEngine],
      // Browsers send file names as UTF-8; busboy's default (latin1) would turn 发票.pdf into mojibake.
      useFactory: (storage: UploadStorageEngine) => ({
        storage,
        limits: { files: 1, fields: 5, parts: 10 },
        defParamCharset: 'utf8',
      }),
    }),
  ],
  controllers: [AttachmentsController],
  exports: [AttachmentsCoreModule],
})
export class AttachmentsModule {}
