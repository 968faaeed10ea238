// The conversation's services with their real repositories on the real embedded store (over TCP), and nothing
// else: no HTTP, no sockets, no rate limits, no sweeper timer (tests pass the time). The model is immich's medium
// tests: a service under test, real persistence, a fixture builder per entity.
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getModelToken } from '@nestjs/mongoose';
import type { DomainEvent } from '../../src/events/domain-events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Model } from 'mongoose';
import { AbuseModule } from '../../src/abuse/abuse.module';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { ConversationTransitions } from '../../src/conversations/conversation-transitions.service';
import { ConversationsModule } from '../../src/conversations/conversations.module';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { ConversationsService } from '../../src/conversations/conversations.service';
import { ReadMarkersService } from '../../src/conversations/read-markers.service';
import { ConversationRecord } from '../../src/conversations/schemas/conversation.schema';
import { DatabaseModule } from '../../src/database/database.module';
import { DomainEventsService } from '../../src/events/domain-events.service';
import { EventsModule } from '../../src/events/events.module';
import { MessagesRepository } from '../../src/message-store/messages.repository';
import { MetricsModule } from '../../src/metrics/metrics.module';
import { User } from '../../src/users/schemas/user.schema';
import { UsersRepository } from '../../src/users/users.repository';
import { ConversationFactory } from './conversation.factory';
import { UserFactory } from './user.factory';

export interface ConversationServices {
  app: INestApplicationContext;
  config: AppConfig;
  service: ConversationsService;
  transitions: ConversationTransitions;
  readMarkers: ReadMarkersService;
  conversations: ConversationsRepository;
  messages: MessagesRepository;
  users: UsersRepository;
  /** Fixture builders. */
  make: { user: UserFactory; conversation: ConversationFactory };
  /** Every domain event published since the start. */
  events: DomainEvent[];
  close(): Promise<void>;
}

export async function startConversationServices(): Promise<ConversationServices> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'switchboard-services-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DEMO_PASSWORD: 'unused-demo-password',
    LOG_LEVEL: 'error',
  });
  config.sweepIntervalMs = 3_600_000; // the tests run the sweeps themselves, with their own clock
  const app = await NestFactory.createApplicationContext(
    {
      module: class ConversationServicesModule {},
      imports: [
        ConfigModule.forRoot(config),
        EventsModule,
        MetricsModule,
        DatabaseModule,
        AbuseModule,
        ConversationsModule,
      ],
    },
    { logger: false },
  );
  await app.init();
  const events: DomainEvent[] = [];
  app
    .get(DomainEventsService)
    .all()
    .subscribe((event) => void events.push(event));
  const users = app.get<Model<User>>(getModelToken(User.name));
  const conversations = app.get<Model<ConversationRecord>>(getModelToken(ConversationRecord.name));
  return {
    app,
    config,
    service: app.get(ConversationsService),
    transitions: app.get(ConversationTransitions),
    readMarkers: app.get(ReadMarkersService),
    conversations: app.get(ConversationsRepository),
    messages: app.get(MessagesRepository),
    users: app.get(UsersRepository),
    make: { user: new UserFactory(users), conversation: new ConversationFactory(conversations, users) },
    events,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
