import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessageStoreModule } from '../message-store/message-store.module';
import { UsersModule } from '../users/users.module';
import { SearchKeysBackfill } from './search-keys-backfill.service';
import { SearchController } from './search.controller';
import { SearchService } from './search.service';

/** GET /api/search and the one-off backfill of search keys; the keys themselves are written by the appender. */
@Module({
  imports: [ConversationsModule, MessageStoreModule, UsersModule],
  controllers: [SearchController],
  providers: [SearchService, SearchKeysBackfill],
})
export class SearchModule {}
