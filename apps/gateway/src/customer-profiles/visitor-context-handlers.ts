import { Injectable } from '@nestjs/common';
import { CLIENT_EVENTS } from '@switchboard/protocol';
import { VisitorContextDto } from '@switchboard/protocol/dto';
import { on, type HandlerTable } from '../realtime/socket-dispatcher.service';
import { CustomerProfilesService } from './customer-profiles.service';

/** `visitor.context` on the /customer namespace (rate-limited with every other event by the dispatcher). */
@Injectable()
export class VisitorContextHandlers {
  constructor(private readonly profiles: CustomerProfilesService) {}

  table(): HandlerTable {
    return {
      [CLIENT_EVENTS.visitorContext]: on(VisitorContextDto, (user, p) =>
        this.profiles.reportVisitor(user, p),
      ),
    };
  }
}
