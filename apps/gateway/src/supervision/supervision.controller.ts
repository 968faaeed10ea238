import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Overview } from '@switchboard/protocol';
import { Roles } from '../auth/auth.decorators';
import { SupervisionService } from './supervision.service';

@ApiTags('supervisor')
@ApiBearerAuth()
@Controller('supervisor')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('overview')
  @Roles('supervisor')
  @ApiOperation({ summary: 'The queue, every agent with status, load and unread, and every conversation not closed' })
  overview(): Promise<Overview> {
    return this.supervision.overview();
  }
}
