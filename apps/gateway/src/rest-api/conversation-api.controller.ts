import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Conversation, ConversationPage, Message, TranscriptJson } from '@switchboard/protocol';
import { ConversationPageQueryDto, PostMessageDto, TranscriptQueryDto } from '@switchboard/protocol/dto';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { ConversationApiService, transcriptText } from './conversation-api.service';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationApiController {
  constructor(private readonly api: ConversationApiService) {}

  @Get()
  @ApiOperation({
    summary:
      'A page of the conversations the caller may see, newest first: { conversations, next }; pass next as before ' +
      'for the following page (null on the last). Filters: state, label, customerId, teamId; limit 1..100 (20)',
  })
  list(
    @CurrentPrincipal() who: Principal,
    @Query() query: ConversationPageQueryDto,
  ): Promise<ConversationPage> {
    return this.api.list(who, query);
  }

  @Post(':id/messages')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Send { clientMsgId, text } as the caller, under the rules of message.send; the same clientMsgId answers the same Message',
  })
  send(
    @CurrentPrincipal() who: Principal,
    @Param('id') id: string,
    @Body() dto: PostMessageDto,
  ): Promise<Message> {
    return this.api.send(who, id, dto);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles('agent', 'supervisor')
  @ApiOperation({
    summary: 'Close the conversation at once: its assignee (serving), or a supervisor (any live state)',
  })
  close(@CurrentPrincipal() who: Principal, @Param('id') id: string): Promise<Conversation> {
    return this.api.close(who, id);
  }

  @Get(':id/transcript')
  @ApiProduces('application/json', 'text/plain')
  @ApiOperation({
    summary:
      'The whole conversation for whoever may read its messages: format=json (default) { conversation, messages, ' +
      'notes?, generatedAt } or format=text. Private notes only with notes=true, for staff who may read them, marked as such',
  })
  async transcript(
    @CurrentPrincipal() who: Principal,
    @Param('id', MongoIdPipe) id: string,
    @Query() query: TranscriptQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TranscriptJson | string> {
    const transcript = await this.api.transcript(who, id, query.notes === 'true');
    if (query.format !== 'text') return transcript;
    response.type('text/plain; charset=utf-8');
    return transcriptText(transcript);
  }
}
