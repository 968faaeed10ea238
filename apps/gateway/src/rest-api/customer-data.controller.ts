import { Controller, Delete, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CustomerErasure, CustomerExport } from '@switchboard/protocol';
import { NotesQueryDto } from '@switchboard/protocol/dto';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { CustomerDataService } from './customer-data.service';

@ApiTags('customers')
@ApiBearerAuth()
@Controller('customers')
export class CustomerDataController {
  constructor(private readonly data: CustomerDataService) {}

  @Get(':id/export')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Everything stored about a customer (supervisors): the record, every conversation with its messages (and its ' +
      'private notes with notes=true), their uploads',
  })
  export(
    @CurrentPrincipal() who: Principal,
    @Param('id', MongoIdPipe) id: string,
    @Query() query: NotesQueryDto,
  ): Promise<CustomerExport> {
    return this.data.export(who, id, query.notes === 'true');
  }

  @Delete(':id')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      "Erase a customer (supervisors): their name, e-mail and details, every message's text and file in their " +
      'conversations, their uploads; the conversations stay as anonymous statistics',
  })
  erase(@CurrentPrincipal() who: Principal, @Param('id', MongoIdPipe) id: string): Promise<CustomerErasure> {
    return this.data.erase(who, id);
  }
}
