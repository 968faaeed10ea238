import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SearchResponse } from '@switchboard/protocol';
import { SearchQueryDto } from '@switchboard/protocol/dto';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { SearchService } from './search.service';

@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  @Get()
  @Roles('agent', 'supervisor')
  @ApiOperation({
    summary:
      'Search messages and customers (agents, supervisors): q 1..200 characters, limit 1..50 (default 20) → ' +
      '{ results: [{ conversation, matches: [{ seq, snippet }] }] }, newest conversation first, only conversations the ' +
      'caller may read. CJK text by substring, other text by word prefix, case- and accent-insensitive',
  })
  find(@CurrentPrincipal() who: Principal, @Query() query: SearchQueryDto): Promise<SearchResponse> {
    return this.search.search(who, query.q, query.limit);
  }
}
