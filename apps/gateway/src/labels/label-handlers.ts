import { Injectable } from '@nestjs/common';
import { CLIENT_EVENTS } from '@switchboard/protocol';
import { LabelConversationDto } from '@switchboard/protocol/dto';
import { on, type HandlerTable } from '../realtime/socket-dispatcher.service';
import { LabelsService } from './labels.service';

/** `conversation.label` on the /agent namespace. */
@Injectable()
export class LabelHandlers {
  constructor(private readonly labels: LabelsService) {}

  table(): HandlerTable {
    return {
      [CLIENT_EVENTS.conversationLabel]: on(LabelConversationDto, (user, p) => this.labels.setConversationLabels(user, p)),
    };
  }
}
