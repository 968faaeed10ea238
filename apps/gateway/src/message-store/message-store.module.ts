import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { WebhookStoreModule } from '../webhook-store/webhook-store.module';
import { MessagesRepository } from './messages.repository';
import { MessageRecord, MessageSchema } from './schemas/message.schema';

/**
 * The messages collection: the store under conversations (which append to it) and attachments (access checks). It
 * reads the webhooks collection to know whether a new message goes to the webhooks outbox.
 */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: MessageRecord.name, schema: MessageSchema }]),
    WebhookStoreModule,
  ],
  providers: [MessagesRepository],
  exports: [MessagesRepository],
})
export class MessageStoreModule {}
