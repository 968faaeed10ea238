import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessageStoreModule } from '../message-store/message-store.module';
import { UsersModule } from '../users/users.module';
import { MessagesController } from './messages.controller';
import { MessageRecallService } from './message-recall.service';
import { MessagesService } from './messages.service';

@Module({
  imports: [ConversationsModule, MessageStoreModule, AttachmentsModule, UsersModule],
  controllers: [MessagesController],
  providers: [MessagesService, MessageRecallService],
  exports: [MessagesService, MessageRecallService],
})
export class MessagesModule {}
