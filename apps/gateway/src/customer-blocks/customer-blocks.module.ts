import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { UsersModule } from '../users/users.module';
import { CustomerBlockHandlers } from './customer-block-handlers';
import { CustomerBlocksController } from './customer-blocks.controller';
import { CustomerBlocksService } from './customer-blocks.service';

/** Issue 14: blocking a visitor. The block itself is a field of the customer's user record (UsersRepository). */
@Module({
  imports: [ConversationsModule, UsersModule],
  controllers: [CustomerBlocksController],
  providers: [CustomerBlocksService, CustomerBlockHandlers],
  exports: [CustomerBlockHandlers],
})
export class CustomerBlocksModule {}
