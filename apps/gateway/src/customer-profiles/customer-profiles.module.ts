import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { UsersModule } from '../users/users.module';
import { CustomerProfilesController } from './customer-profiles.controller';
import { CustomerProfilesService } from './customer-profiles.service';
import { VisitorContextHandlers } from './visitor-context-handlers';

/**
 * Issue 14: the customer's profile and history. The profile lives on the customer's user record (UsersRepository);
 * the earlier conversations' read rule is conversations/conversation-access.ts (mayReadCustomerHistory).
 */
@Module({
  imports: [ConversationsModule, UsersModule],
  controllers: [CustomerProfilesController],
  providers: [CustomerProfilesService, VisitorContextHandlers],
  exports: [VisitorContextHandlers],
})
export class CustomerProfilesModule {}
