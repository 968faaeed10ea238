import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AttachmentRecord, AttachmentSchema } from '../attachments/schemas/attachment.schema';
import { ConversationsModule } from '../conversations/conversations.module';
import { ConversationRecord, ConversationSchema } from '../conversations/schemas/conversation.schema';
import { MessageRecord, MessageSchema } from '../message-store/schemas/message.schema';
import { MessagesModule } from '../messages/messages.module';
import { NoteRecord, NoteSchema } from '../notes/schemas/note.schema';
import { User, UserSchema } from '../users/schemas/user.schema';
import { UsersModule } from '../users/users.module';
import { WebhookDeliveryRecord, WebhookDeliverySchema } from '../webhooks/schemas/webhook-delivery.schema';
import { ConversationApiController } from './conversation-api.controller';
import { ConversationApiService } from './conversation-api.service';
import { ConversationPagesRepository } from './conversation-pages.repository';
import { CustomerDataController } from './customer-data.controller';
import { CustomerDataRepository } from './customer-data.repository';
import { CustomerDataService } from './customer-data.service';

/** Issue 16: section 11's REST routes for integrations (conversation pages, send, close, transcript, export, erasure). */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ConversationRecord.name, schema: ConversationSchema },
      { name: MessageRecord.name, schema: MessageSchema },
      { name: NoteRecord.name, schema: NoteSchema },
      { name: User.name, schema: UserSchema },
      { name: AttachmentRecord.name, schema: AttachmentSchema },
      { name: WebhookDeliveryRecord.name, schema: WebhookDeliverySchema },
    ]),
    ConversationsModule,
    MessagesModule,
    AttachmentsModule,
    UsersModule,
  ],
  controllers: [ConversationApiController, CustomerDataController],
  providers: [
    ConversationPagesRepository,
    CustomerDataRepository,
    ConversationApiService,
    CustomerDataService,
  ],
})
export class RestApiModule {}
