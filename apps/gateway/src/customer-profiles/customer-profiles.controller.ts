import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CustomerProfileResponse } from '@switchboard/protocol';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { CustomerProfilesService } from './customer-profiles.service';

/**
 * Registered after CustomerBlocksController (app.module.ts imports CustomerProfilesModule after
 * CustomerBlocksModule), so `GET /api/customers/blocked` is matched before `:id`.
 */
@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerProfilesController {
  constructor(private readonly profiles: CustomerProfilesService) {}

  @Get(':id')
  @Roles('agent', 'supervisor')
  @ApiOperation({
    summary:
      "A customer's profile and history (supervisors; agents who may see one of the customer's conversations): " +
      '{ customer: { id, name, email, type, attributes, visitor, blocked, createdAt, verified }, conversations } ' +
      'with every conversation of that customer, newest first (at most 200)',
  })
  get(
    @CurrentPrincipal() who: Principal,
    @Param('id', MongoIdPipe) id: string,
  ): Promise<CustomerProfileResponse> {
    return this.profiles.profile(who, id);
  }
}
