import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ApiTokenListResponse, CreateApiTokenResponse } from '@switchboard/protocol';
import { CreateApiTokenDto } from '@switchboard/protocol/dto';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { ApiTokensService } from './api-tokens.service';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Post()
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Make an API token (supervisors, signed in): { name, role: agent | supervisor } → { id, token }. The token is ' +
      'shown this once (only its hash is kept) and acts as a new integration user of that role',
  })
  create(@CurrentPrincipal() who: Principal, @Body() dto: CreateApiTokenDto): Promise<CreateApiTokenResponse> {
    return this.tokens.create(who, dto);
  }

  @Get()
  @Roles('supervisor')
  @ApiOperation({ summary: 'The live API tokens, newest first (never the tokens themselves)' })
  async list(@CurrentPrincipal() who: Principal): Promise<ApiTokenListResponse> {
    return { tokens: await this.tokens.list(who) };
  }

  @Delete(':id')
  @Roles('supervisor')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token: the next request with it is 401, on every gateway node' })
  async revoke(@CurrentPrincipal() who: Principal, @Param('id', MongoIdPipe) id: string): Promise<void> {
    await this.tokens.revoke(who, id);
  }
}
