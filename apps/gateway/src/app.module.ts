import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AbuseModule } from './abuse/abuse.module';
import { ApiTokensModule } from './api-tokens/api-tokens.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { AuthModule } from './auth/auth.module';
import { CannedRepliesModule } from './canned-replies/canned-replies.module';
import { DomainErrorFilter } from './common/domain-error.filter';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ConversationsModule } from './conversations/conversations.module';
import { CustomerBlocksModule } from './customer-blocks/customer-blocks.module';
import { CustomerProfilesModule } from './customer-profiles/customer-profiles.module';
import { DatabaseModule } from './database/database.module';
import { EmailFollowupModule } from './email-followup/email-followup.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { LabelsModule } from './labels/labels.module';
import { TeamsModule } from './teams/teams.module';
import { MessagesModule } from './messages/messages.module';
import { MetricsModule } from './metrics/metrics.module';
import { NotesModule } from './notes/notes.module';
import { PushSubscriptionsModule } from './push-subscriptions/push-subscriptions.module';
import { RealtimeModule } from './realtime/realtime.module';
import { ReportsModule } from './reports/reports.module';
import { RestApiModule } from './rest-api/rest-api.module';
import { SearchModule } from './search/search.module';
import { SettingsModule } from './settings/settings.module';
import { SupervisionModule } from './supervision/supervision.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        EventsModule,
        MetricsModule,
        DatabaseModule,
        UsersModule,
        AbuseModule,
        AuthModule,
        ApiTokensModule,
        AttachmentsModule,
        MessagesModule,
        ConversationsModule,
        SupervisionModule,
        NotesModule,
        LabelsModule,
        TeamsModule,
        CustomerBlocksModule,
        // after CustomerBlocksModule: GET /api/customers/blocked is matched before GET /api/customers/:id
        CustomerProfilesModule,
        RestApiModule,
        RealtimeModule,
        HealthModule,
        CannedRepliesModule,
        PushSubscriptionsModule,
        SearchModule,
        ReportsModule,
        SettingsModule,
        EmailFollowupModule,
        WebhooksModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: DomainErrorFilter }],
    };
  }
}
