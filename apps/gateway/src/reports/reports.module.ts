import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { SettingsModule } from '../settings/settings.module';
import { TeamStoreModule } from '../teams/team-store.module';
import { UsersModule } from '../users/users.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** Issue 17: GET /api/reports/summary and /api/reports/conversations.csv; the moments are written by conversations/. */
@Module({
  imports: [ConversationsModule, SettingsModule, TeamStoreModule, UsersModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
