import { Module } from '@nestjs/common';
import { AttachmentsModule } from '../attachments/attachments.module';
import { ConversationsPersistenceModule } from '../conversations/conversations-persistence.module';
import { MessageAppender } from './message-appender.service';
import { MessagesPersistenceModule } from './messages-persistence.module';
import { MessagesService } from './messages.service';
import { UnreadService } from './unread.service';

@Module({
  imports: [ConversationsPersistenceModule, MessagesPersistenceModule, AttachmentsModule],
  providers: [MessageAppender, MessagesService, UnreadService],
  exports: [MessageAppender, MessagesService, UnreadService, MessagesPersistenceModule],
})
export class MessagesModule {}
