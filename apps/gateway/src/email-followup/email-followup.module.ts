import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessageStoreModule } from '../message-store/message-store.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { EmailFollowupController } from './email-followup.controller';
import { EmailFollowupService } from './email-followup.service';
import { EmailFollowupSweeper } from './email-followup.sweeper';
import { EmailFollowupsRepository } from './email-followups.repository';
import { EmailResumeService } from './email-resume.service';
import { Mailer } from './mailer.service';
import { ResumeLinks } from './resume-links.service';
import { EmailFollowupRecord, EmailFollowupSchema } from './schemas/email-followup.schema';

/** Issue 15: agents' replies mailed to customers who are away (SMTP_URL), and the link that brings them back. */
@Module({
  imports: [
    MongooseModule.forFeature([{ name: EmailFollowupRecord.name, schema: EmailFollowupSchema }]),
    ConversationsModule,
    MessageStoreModule,
    UsersModule,
    RealtimeModule,
  ],
  controllers: [EmailFollowupController],
  providers: [
    EmailFollowupsRepository,
    EmailFollowupService,
    EmailFollowupSweeper,
    EmailResumeService,
    Mailer,
    ResumeLinks,
  ],
})
export class EmailFollowupModule {}
