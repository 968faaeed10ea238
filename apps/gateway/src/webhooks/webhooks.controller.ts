import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { WebhookDeliveriesResponse, WebhookListResponse, WebhookResponse } from '@switchboard/protocol';
import { CreateWebhookDto } from '@switchboard/protocol/dto';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { MongoIdPipe } from '../common/mongo-id.pipe';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @Roles('supervisor')
  @ApiOperation({
    summary: 'The webhooks (supervisors): { webhooks: [{ id, url, events, createdAt }] }, oldest first',
  })
  async list(): Promise<WebhookListResponse> {
    return { webhooks: await this.webhooks.list() };
  }

  @Post()
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'Add a webhook (supervisors): { url (http/https), events, secret (16..200) } → { webhook }; 400 when the url ' +
      'is not one or resolves to a private address (unless WEBHOOK_ALLOW_PRIVATE=true)',
  })
  async create(
    @CurrentPrincipal() caller: Principal,
    @Body() dto: CreateWebhookDto,
  ): Promise<WebhookResponse> {
    return { webhook: await this.webhooks.create(dto, caller.id) };
  }

  @Delete(':id')
  @Roles('supervisor')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a webhook and its delivery log (supervisors); what it had pending is not sent',
  })
  async remove(@Param('id', MongoIdPipe) id: string): Promise<void> {
    await this.webhooks.delete(id);
  }

  @Get(':id/deliveries')
  @Roles('supervisor')
  @ApiOperation({
    summary:
      'The latest 100 deliveries of a webhook, newest first, with status, attempts, last error and response time',
  })
  async deliveries(@Param('id', MongoIdPipe) id: string): Promise<WebhookDeliveriesResponse> {
    return { deliveries: await this.webhooks.deliveriesOf(id) };
  }
}
