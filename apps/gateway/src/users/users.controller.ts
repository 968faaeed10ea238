import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AgentSummary, PublicUser } from '@switchboard/protocol';
import { CreateUserDto, ListUsersQueryDto } from '@switchboard/protocol/dto';
import { Roles } from '../auth/auth.decorators';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Roles('supervisor')
  @ApiOperation({ summary: 'Create an agent or supervisor account (supervisors only); 409 if the e-mail exists' })
  create(@Body() dto: CreateUserDto): Promise<PublicUser> {
    return this.users.create(dto);
  }

  @Get()
  @Roles('agent', 'supervisor')
  @ApiOperation({ summary: 'List staff as a JSON array of { id, name, status, serving }; ?role=agent for agents only' })
  list(@Query() query: ListUsersQueryDto): Promise<AgentSummary[]> {
    return this.users.listStaff(query.role);
  }
}
