import { Module } from '@nestjs/common';
import { ConversationsPersistenceModule } from '../conversations/conversations-persistence.module';
import { UsersModule } from '../users/users.module';
import { SupervisionController } from './supervision.controller';
import { SupervisionService } from './supervision.service';

@Module({
  imports: [UsersModule, ConversationsPersistenceModule],
  controllers: [SupervisionController],
  providers: [SupervisionService],
  exports: [SupervisionService],
})
export class SupervisionModule {}
