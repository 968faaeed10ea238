import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Message } from '@switchboard/protocol';
import { ListMessagesQueryDto } from '@switchboard/protocol/dto';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { MessagesService } from './messages.service';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get(':id/messages')
  @ApiOperation({
    summary:
      'A page of history in ascending seq: at most `limit` (1..200, default 50) with seq < beforeSeq; recalled messages have text and attachment null, except for supervisors asking includeRecalled=true (originals with `recalled`)',
  })
  history(
    @CurrentPrincipal() who: Principal,
    @Param('id', MongoIdPipe) id: string,
    @Query() query: ListMessagesQueryDto,
  ): Promise<{ messages: Message[] }> {
    return this.messages.history(who, id, query.beforeSeq, query.limit, query.includeRecalled === 'true');
  }
}
