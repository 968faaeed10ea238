import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Conversation } from '@switchboard/protocol';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { ConversationsService } from './conversations.service';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'One conversation (its customer, agents while queued or involved, supervisors)' })
  get(@CurrentPrincipal() who: Principal, @Param('id', MongoIdPipe) id: string): Promise<Conversation> {
    return this.conversations.get(who, id);
  }
}
