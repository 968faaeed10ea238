import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MessagesRepository } from './messages.repository';
import { MessageRecord, MessageSchema } from './schemas/message.schema';

/** The messages collection: the store under conversations (which append to it) and attachments (access checks). */
@Module({
  imports: [MongooseModule.forFeature([{ name: MessageRecord.name, schema: MessageSchema }])],
  providers: [MessagesRepository],
  exports: [MessagesRepository],
})
export class MessageStoreModule {}
