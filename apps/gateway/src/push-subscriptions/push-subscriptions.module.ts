import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PushSubscriptionsController } from './push-subscriptions.controller';
import { PushSubscriptionsRepository } from './push-subscriptions.repository';
import { PushSubscriptionsService } from './push-subscriptions.service';
import { PushSubscriptionDocument, PushSubscriptionSchema } from './schemas/push-subscription.schema';

@Module({
  imports: [
    MongooseModule.forFeature([{ name: PushSubscriptionDocument.name, schema: PushSubscriptionSchema }]),
  ],
  controllers: [PushSubscriptionsController],
  providers: [PushSubscriptionsRepository, PushSubscriptionsService],
  exports: [PushSubscriptionsService],
})
export class PushSubscriptionsModule {}
