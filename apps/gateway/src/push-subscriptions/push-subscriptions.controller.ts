import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PushSubscriptionAnswer, PushSubscriptionList } from '@switchboard/protocol';
import { PushSubscriptionDto } from '@switchboard/protocol/dto';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { PushSubscriptionsService } from './push-subscriptions.service';

@ApiTags('push subscriptions')
@ApiBearerAuth()
@Roles('agent', 'supervisor')
@Controller('push-subscriptions')
export class PushSubscriptionsController {
  constructor(private readonly subscriptions: PushSubscriptionsService) {}

  @Post()
  @ApiOperation({
    summary:
      "Store this browser's Web Push subscription (PushSubscription.toJSON()) for the caller; the same endpoint " +
      'again replaces it. The gateway sends no push itself (docs/agent-console.md)',
  })
  async subscribe(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: PushSubscriptionDto,
  ): Promise<PushSubscriptionAnswer> {
    return { pushSubscription: await this.subscriptions.subscribe(caller, dto) };
  }

  @Get()
  @ApiOperation({ summary: "{ pushSubscriptions }: the caller's subscriptions, newest first (no keys)" })
  async list(@CurrentPrincipal() caller: Principal): Promise<PushSubscriptionList> {
    return { pushSubscriptions: await this.subscriptions.list(caller) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: "Remove one of the caller's subscriptions (404 for anyone else's)" })
  remove(@CurrentPrincipal() caller: Principal, @Param('id', MongoIdPipe) id: string): Promise<void> {
    return this.subscriptions.remove(caller, id);
  }
}
