import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MessageStoreModule } from '../message-store/message-store.module';
import { SettingsModule } from '../settings/settings.module';
import { TeamStoreModule } from '../teams/team-store.module';
import { UsersModule } from '../users/users.module';
import { ConversationTransitions } from './conversation-transitions.service';
import { ConversationsController } from './conversations.controller';
import { ConversationsRepository } from './conversations.repository';
import { ConversationsService } from './conversations.service';
import { DeadlineSweeper } from './deadline-sweeper.service';
import { MessageAppender } from './message-appender.service';
import { MessageReadAccess } from './message-read-access.service';
import { QueueRouting } from './queue-routing.service';
import { QueueService } from './queue.service';
import { AutoAssigner } from './auto-assigner.service';
import { AssignerLeaseRepository } from './assigner-lease.repository';
import { AssignerLease, AssignerLeaseSchema } from './schemas/assigner-lease.schema';
import { ReadMarkersService } from './read-markers.service';
import {
  ConversationRecord,
  ConversationSchema,
  CounterRecord,
  CounterSchema,
} from './schemas/conversation.schema';
import { UnreadService } from './unread.service';

/** The conversation and everything written on its document: transitions, the message ledger, read markers, unread. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ConversationRecord.name, schema: ConversationSchema },
      { name: CounterRecord.name, schema: CounterSchema },
      { name: AssignerLease.name, schema: AssignerLeaseSchema },
    ]),
    MessageStoreModule,
    UsersModule,
    SettingsModule,
    TeamStoreModule,
  ],
  controllers: [ConversationsController],
  providers: [
    ConversationsRepository,
    ConversationTransitions,
    ConversationsService,
    MessageAppender,
    UnreadService,
    ReadMarkersService,
    QueueService,
    QueueRouting,
    AutoAssigner,
    AssignerLeaseRepository,
    DeadlineSweeper,
    MessageReadAccess,
  ],
  exports: [
    ConversationsRepository,
    ConversationsService,
    MessageAppender,
    UnreadService,
    ReadMarkersService,
    QueueService,
    QueueRouting,
    AutoAssigner,
    MessageReadAccess,
  ],
})
export class ConversationsModule {}
