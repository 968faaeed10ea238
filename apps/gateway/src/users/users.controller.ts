import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AgentSummary, PublicUser, StaffAccount } from '@switchboard/protocol';
import { CreateUserDto, ListUsersQueryDto, UpdateMyPreferencesDto, UpdateUserDto } from '@switchboard/protocol/dto';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { MongoIdPipe } from '../common/mongo-id.pipe';
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
  @ApiOperation({
    summary:
      'List staff as a JSON array of { id, name, status, serving }; ?role=agent for agents only. Agents see enabled ' +
      'accounts; supervisors see disabled ones too, with role, email, maxConcurrent, disabled, createdAt, lastLoginAt',
  })
  list(@CurrentPrincipal() viewer: Principal, @Query() query: ListUsersQueryDto): Promise<AgentSummary[] | StaffAccount[]> {
    return this.users.listStaff(viewer, query.role);
  }

  // `me` is declared before `:id`: Express matches routes in the order Nest registers them, which is this order.
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user: { id, role, name, email, locale } (locale null until chosen)' })
  me(@CurrentPrincipal() caller: Principal): Promise<PublicUser> {
    return this.users.me(caller);
  }

  @Patch('me')
  @ApiOperation({
    summary: "Save the signed-in user's own preferences: { locale: 'en' | 'zh-CN' }; answers the user (any role)",
  })
  updateMe(@CurrentPrincipal() caller: Principal, @Body() dto: UpdateMyPreferencesDto): Promise<PublicUser> {
    return this.users.setLocale(caller, dto.locale);
  }

  @Get(':id')
  @Roles('supervisor')
  @ApiOperation({ summary: 'One agent or supervisor account (supervisors only); 404 for an unknown or deleted one' })
  get(@Param('id', MongoIdPipe) id: string): Promise<StaffAccount> {
    return this.users.getAccount(id);
  }

  @Patch(':id')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Change an account (supervisors only): { disabled?, password?, maxConcurrent?, name? }, at least one. Disabling ' +
      'or a new password ends its sessions at once; 409 for disabling yourself or the last enabled supervisor',
  })
  update(@CurrentPrincipal() actor: Principal, @Param('id', MongoIdPipe) id: string, @Body() dto: UpdateUserDto): Promise<StaffAccount> {
    return this.users.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('supervisor')
  @HttpCode(204)
  @ApiOperation({
    summary:
      'Delete an account (supervisors only): it can no longer sign in and its sessions end; its conversations and ' +
      'messages stay. 409 for yourself or the last enabled supervisor',
  })
  remove(@CurrentPrincipal() actor: Principal, @Param('id', MongoIdPipe) id: string): Promise<void> {
    return this.users.remove(actor, id);
  }
}
