import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BlockedCustomersResponse } from '@switchboard/protocol';
import { Roles } from '../auth/auth.decorators';
import { CustomerBlocksService } from './customer-blocks.service';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerBlocksController {
  constructor(private readonly blocks: CustomerBlocksService) {}

  @Get('blocked')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Blocked visitors (supervisors), newest first: { blocked: [{ customer: { id, name, type }, reason, blockedAt, ' +
      'blockedBy: { id, name } }] }. Blocks are made and lifted with the customer.block / customer.unblock events',
  })
  async list(): Promise<BlockedCustomersResponse> {
    return { blocked: await this.blocks.list() };
  }
}
