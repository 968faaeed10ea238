import { Module } from '@nestjs/common';
import { MessagesModule } from '../messages/messages.module';
import { UsersModule } from '../users/users.module';
import { ConversationsPersistenceModule } from './conversations-persistence.module';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { DeadlineSweeper } from './deadline-sweeper.service';
import { QueueService } from './queue.service';

@Module({
  imports: [ConversationsPersistenceModule, MessagesModule, UsersModule],
  controllers: [ConversationsController],
  providers: [ConversationsService, QueueService, DeadlineSweeper],
  exports: [ConversationsService, QueueService, ConversationsPersistenceModule],
})
export class ConversationsModule {}
