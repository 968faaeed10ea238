import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { CustomerBlocksModule } from '../customer-blocks/customer-blocks.module';
import { CustomerProfilesModule } from '../customer-profiles/customer-profiles.module';
import { LabelsModule } from '../labels/labels.module';
import { MessagesModule } from '../messages/messages.module';
import { NotesModule } from '../notes/notes.module';
import { SupervisionModule } from '../supervision/supervision.module';
import { UsersModule } from '../users/users.module';
import { AccountSessionsListener } from './account-sessions.listener';
import { AgentGateway } from './agent.gateway';
import { ConversationHandlers } from './conversation-handlers';
import { CustomerGateway } from './customer.gateway';
import { PresenceHeartbeat } from './presence-heartbeat.service';
import { QueueFeed } from './queue-feed.service';
import { QueuePositions } from './queue-positions.service';
import { RealtimeEmitter } from './realtime-emitter.service';
import { RealtimeNotifier } from './realtime-notifier.service';
import { SocketDispatcher } from './socket-dispatcher.service';
import { SocketServerRegistry } from './socket-server.registry';
import { TeamQueueFeed } from './team-queue-feed.service';
import { UserBudgets } from './user-budgets.service';

@Module({
  imports: [
    ConversationsModule,
    MessagesModule,
    SupervisionModule,
    UsersModule,
    NotesModule,
    LabelsModule,
    CustomerBlocksModule,
    CustomerProfilesModule,
  ],
  providers: [
    SocketServerRegistry,
    RealtimeEmitter,
    RealtimeNotifier,
    QueueFeed,
    TeamQueueFeed,
    QueuePositions,
    UserBudgets,
    SocketDispatcher,
    ConversationHandlers,
    PresenceHeartbeat,
    AccountSessionsListener,
    CustomerGateway,
    AgentGateway,
  ],
  // The email follow-up asks whether a customer has a socket connected.
  exports: [SocketServerRegistry],
})
export class RealtimeModule {}
