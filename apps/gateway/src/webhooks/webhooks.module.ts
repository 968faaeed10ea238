import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationsModule } from '../conversations/conversations.module';
import { MessageStoreModule } from '../message-store/message-store.module';
import { LeasesRepository } from './leases.repository';
import { LeaseRecord, LeaseSchema } from './schemas/lease.schema';
import { WebhookDeliveryRecord, WebhookDeliverySchema } from './schemas/webhook-delivery.schema';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhookRelay } from './webhook-relay.service';
import { WebhooksController } from './webhooks.controller';
import { WebhookStoreModule } from '../webhook-store/webhook-store.module';
import { WebhooksService } from './webhooks.service';

/** Issue 16: webhooks, from the outboxes the conversations and messages write (docs/webhooks.md). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: WebhookDeliveryRecord.name, schema: WebhookDeliverySchema },
      { name: LeaseRecord.name, schema: LeaseSchema },
    ]),
    ConversationsModule,
    MessageStoreModule,
    WebhookStoreModule,
  ],
  controllers: [WebhooksController],
  providers: [
    WebhookDeliveriesRepository,
    LeasesRepository,
    WebhooksService,
    WebhookRelay,
    WebhookDispatcher,
  ],
  exports: [WebhookDispatcher],
})
export class WebhooksModule {}
