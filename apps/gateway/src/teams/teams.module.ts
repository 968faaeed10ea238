import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { UsersModule } from '../users/users.module';
import { TeamStoreModule } from './team-store.module';
import { TeamsController } from './teams.controller';
import { TeamsService } from './teams.service';

/** Issue 15: teams (routes and rules); routing itself reads them in the conversations module. */
@Module({
  imports: [TeamStoreModule, ConversationsModule, UsersModule],
  controllers: [TeamsController],
  providers: [TeamsService],
})
export class TeamsModule {}
