import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessageStoreModule } from '../message-store/message-store.module';
import { AttachmentLinks } from './attachment-links.service';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { BlobStore } from './blob-store.repository';
import { AttachmentRecord, AttachmentSchema } from './schemas/attachment.schema';
import { UploadQuotaRecord, UploadQuotaSchema } from './schemas/upload-quota.schema';
import { UnreferencedUploadsSweeper } from './unreferenced-uploads.sweeper';
import { UploadStorageEngine } from './upload-storage.engine';
import { UploadQuotasRepository } from './upload-quotas.repository';

/** Everything but the HTTP routes: its own module so that multer's options can be built from the storage engine. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: AttachmentRecord.name, schema: AttachmentSchema },
      { name: UploadQuotaRecord.name, schema: UploadQuotaSchema },
    ]),
    ConversationsModule,
    MessageStoreModule,
  ],
  providers: [
    AttachmentsRepository,
    BlobStore,
    UploadQuotasRepository,
    AttachmentLinks,
    AttachmentsService,
    UploadStorageEngine,
    UnreferencedUploadsSweeper,
  ],
  exports: [AttachmentsService, UploadStorageEngine],
})
export class AttachmentsCoreModule {}
