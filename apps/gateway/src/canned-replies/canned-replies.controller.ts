import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CannedReplyAnswer, CannedReplyList } from '@switchboard/protocol';
import { CreateCannedReplyDto, UpdateCannedReplyDto } from '@switchboard/protocol/dto';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { CannedRepliesService } from './canned-replies.service';

@ApiTags('canned replies')
@ApiBearerAuth()
@Roles('agent', 'supervisor')
@Controller('canned-replies')
export class CannedRepliesController {
  constructor(private readonly replies: CannedRepliesService) {}

  @Get()
  @ApiOperation({
    summary: "{ cannedReplies }: the caller's personal canned replies, then the team's, each by shortcut",
  })
  async list(@CurrentPrincipal() caller: Principal): Promise<CannedReplyList> {
    return { cannedReplies: await this.replies.list(caller) };
  }

  @Post()
  @ApiOperation({
    summary:
      'Create a canned reply { shortcut, text, scope }: agents personal ones only (team: 403), supervisors either; ' +
      '409 when the shortcut is taken in that set',
  })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateCannedReplyDto,
  ): Promise<CannedReplyAnswer> {
    return { cannedReply: await this.replies.create(caller, dto) };
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change the shortcut or text of a canned reply (its owner; supervisors for team replies); 409 when the new ' +
      "shortcut is taken, 404 for someone else's personal reply",
  })
  async update(
    @CurrentPrincipal() caller: Principal,
    @Param('id', MongoIdPipe) id: string,
    @Body() dto: UpdateCannedReplyDto,
  ): Promise<CannedReplyAnswer> {
    return { cannedReply: await this.replies.update(caller, id, dto) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a canned reply (its owner; supervisors for team replies)' })
  remove(@CurrentPrincipal() caller: Principal, @Param('id', MongoIdPipe) id: string): Promise<void> {
    return this.replies.remove(caller, id);
  }
}
