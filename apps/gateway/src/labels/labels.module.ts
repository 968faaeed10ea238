import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ConversationsModule } from '../conversations/conversations.module';
import { LabelHandlers } from './label-handlers';
import { LabelsController } from './labels.controller';
import { LabelsRepository } from './labels.repository';
import { LabelsService } from './labels.service';
import { LabelEntry, LabelSchema } from './schemas/label.schema';

/** Issue 14: the label set and a conversation's labels. */
@Module({
  imports: [MongooseModule.forFeature([{ name: LabelEntry.name, schema: LabelSchema }]), ConversationsModule],
  controllers: [LabelsController],
  providers: [LabelsRepository, LabelsService, LabelHandlers],
  exports: [LabelHandlers],
})
export class LabelsModule {}
