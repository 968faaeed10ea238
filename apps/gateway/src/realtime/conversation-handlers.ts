import { Injectable } from '@nestjs/common';
import { CLIENT_EVENTS, SERVER_EVENTS } from '@switchboard/protocol';
import { ReadMessagesDto, RecallMessageDto, SendMessageDto, SyncMessagesDto, TypingDto } from '@switchboard/protocol/dto';
import { ReadMarkersService } from '../conversations/read-markers.service';
import { MessageRecallService } from '../messages/message-recall.service';
import { MessagesService } from '../messages/messages.service';
import { RealtimeEmitter } from './realtime-emitter.service';
import { rooms } from './rooms';
import { on, type HandlerTable } from './socket-dispatcher.service';

/** The events both namespaces share: messages, read markers, catch-up and typing. */
@Injectable()
export class ConversationHandlers {
  constructor(
    private readonly messages: MessagesService,
    private readonly readMarkers: ReadMarkersService,
    private readonly emitter: RealtimeEmitter,
    private readonly recalls: MessageRecallService,
  ) {}

  table(): HandlerTable {
    return {
      [CLIENT_EVENTS.messageSend]: on(SendMessageDto, (user, p) => this.messages.send(user, p)),
      [CLIENT_EVENTS.messageRead]: on(ReadMessagesDto, (user, p) => this.readMarkers.read(user, p)),
      [CLIENT_EVENTS.messagesSync]: on(SyncMessagesDto, (user, p) => this.messages.sync(user, p)),
      [CLIENT_EVENTS.messageRecall]: on(RecallMessageDto, (user, p) => this.recalls.recall(user, p)),
      [CLIENT_EVENTS.typing]: on(TypingDto, async (user, p) => {
        await this.messages.assertMayType(user, p.conversationId);
        this.emitter.send(
          { rooms: [rooms.conversation(p.conversationId)], except: [rooms.user(user.id)] },
          SERVER_EVENTS.typing,
          { conversationId: p.conversationId, userId: user.id, userType: user.role, isTyping: p.isTyping },
        );
        return {};
      }),
    };
  }
}
