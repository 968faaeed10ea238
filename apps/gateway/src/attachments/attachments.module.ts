import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ConversationsPersistenceModule } from '../conversations/conversations-persistence.module';
import { MessagesPersistenceModule } from '../messages/messages-persistence.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';
import { AttachmentRecord, AttachmentSchema } from './schemas/attachment.schema';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: AttachmentRecord.name, schema: AttachmentSchema }]),
    // Multer answers 413 (PayloadTooLargeException) as soon as a file passes the limit.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.attachmentMaxBytes, files: 1, fields: 5, parts: 10 },
      }),
    }),
    ConversationsPersistenceModule,
    MessagesPersistenceModule,
  ],
  controllers: [AttachmentsController],
  providers: [AttachmentsRepository, AttachmentsService],
  exports: [AttachmentsService],
})
export class AttachmentsModule {}
