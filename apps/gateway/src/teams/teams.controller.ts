import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TeamListResponse, TeamResponse } from '@switchboard/protocol';
import { CreateTeamDto, UpdateTeamDto } from '@switchboard/protocol/dto';
import { Roles } from '../auth/auth.decorators';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @Roles('customer', 'agent', 'supervisor')
  @ApiOperation({ summary: 'Every team: { teams: [{ id, name, agentIds }] }, by name' })
  async list(): Promise<TeamListResponse> {
    return { teams: await this.teams.list() };
  }

  @Post()
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Make a team (supervisors): { name (1..60), agentIds } → { team }; 400 for an id that is not an enabled agent, ' +
      '409 when the name exists (case-insensitively)',
  })
  async create(@Body() dto: CreateTeamDto): Promise<TeamResponse> {
    return { team: await this.teams.create(dto) };
  }

  @Patch(':id')
  @Roles('supervisor')
  @ApiOperation({
    summary: 'Rename a team or replace its agents (supervisors): { name?, agentIds? } → { team }',
  })
  async update(@Param('id', MongoIdPipe) id: string, @Body() dto: UpdateTeamDto): Promise<TeamResponse> {
    return { team: await this.teams.update(id, dto) };
  }

  @Delete(':id')
  @Roles('supervisor')
  @HttpCode(204)
  @ApiOperation({
    summary: "Delete a team (supervisors); its conversations become team-less (everyone's queue)",
  })
  async remove(@Param('id', MongoIdPipe) id: string): Promise<void> {
    await this.teams.delete(id);
  }
}
