import { Injectable } from '@nestjs/common';
import { CLIENT_EVENTS } from '@switchboard/protocol';
import { BlockCustomerDto, CustomerRefDto } from '@switchboard/protocol/dto';
import { on, type HandlerTable } from '../realtime/socket-dispatcher.service';
import { CustomerBlocksService } from './customer-blocks.service';

/** `customer.block` and `customer.unblock` on the /agent namespace. */
@Injectable()
export class CustomerBlockHandlers {
  constructor(private readonly blocks: CustomerBlocksService) {}

  table(): HandlerTable {
    return {
      [CLIENT_EVENTS.customerBlock]: on(BlockCustomerDto, (user, p) => this.blocks.block(user, p)),
      [CLIENT_EVENTS.customerUnblock]: on(CustomerRefDto, (user, p) => this.blocks.unblock(user, p.customerId)),
    };
  }
}
