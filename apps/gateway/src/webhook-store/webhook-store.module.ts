import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { WebhookEntry, WebhookSchema } from './schemas/webhook.schema';
import { WebhooksRepository } from './webhooks.repository';

/**
 * The webhooks collection alone: the webhooks module (which relays and delivers) and the message store (which writes
 * a message's outbox mark only while a webhook listens for message.created) both read it, with no cycle between them.
 */
@Module({
  imports: [MongooseModule.forFeature([{ name: WebhookEntry.name, schema: WebhookSchema }])],
  providers: [WebhooksRepository],
  exports: [WebhooksRepository],
})
export class WebhookStoreModule {}
