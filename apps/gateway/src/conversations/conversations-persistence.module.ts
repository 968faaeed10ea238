import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationsRepository } from './conversations.repository';
import { ConversationRecord, ConversationSchema, CounterRecord, CounterSchema } from './schemas/conversation.schema';

/** The conversations collection on its own, so that messages can record themselves on it without a cycle. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ConversationRecord.name, schema: ConversationSchema },
      { name: CounterRecord.name, schema: CounterSchema },
    ]),
  ],
  providers: [ConversationsRepository],
  exports: [ConversationsRepository],
})
export class ConversationsPersistenceModule {}
