import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { CannedRepliesController } from './canned-replies.controller';
import { CannedRepliesRepository } from './canned-replies.repository';
import { CannedRepliesService } from './canned-replies.service';
import { CannedReplyDocument, CannedReplySchema } from './schemas/canned-reply.schema';

@Module({
  imports: [MongooseModule.forFeature([{ name: CannedReplyDocument.name, schema: CannedReplySchema }])],
  controllers: [CannedRepliesController],
  providers: [CannedRepliesRepository, CannedRepliesService],
})
export class CannedRepliesModule {}
