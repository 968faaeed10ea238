import { Logger } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import { CLIENT_EVENTS, NAMESPACES, QUEUED_STATES } from '@switchboard/protocol';
import { ConversationRefDto, EmptyPayloadDto, RateConversationDto, StartConversationDto } from '@switchboard/protocol/dto';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import type { SocketUser } from '../auth/principal';
import { ConversationsService } from '../conversations/conversations.service';
import { VisitorContextHandlers } from '../customer-profiles/visitor-context-handlers';
import { MetricsService } from '../metrics/metrics.service';
import { ConversationHandlers } from './conversation-handlers';
import { QueuePositions } from './queue-positions.service';
import { rooms } from './rooms';
import { guardNamespace, type SocketData } from './socket-auth';
import { on, SocketDispatcher, type HandlerTable } from './socket-dispatcher.service';
import { SocketServerRegistry } from './socket-server.registry';
import { UserBudgets } from './user-budgets.service';

/** `/customer`: the widget. Thin: authenticate, validate, call the domain, answer. */
@WebSocketGateway({ namespace: NAMESPACES.customer })
export class CustomerGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket>, OnGatewayDisconnect<Socket> {
  private readonly logger = new Logger('CustomerGateway');
  private readonly handlers: HandlerTable;

  constructor(
    private readonly auth: AuthService,
    private readonly conversations: ConversationsService,
    private readonly dispatcher: SocketDispatcher,
    private readonly registry: SocketServerRegistry,
    private readonly positions: QueuePositions,
    private readonly budgets: UserBudgets,
    private readonly metrics: MetricsService,
    shared: ConversationHandlers,
    visitor: VisitorContextHandlers,
  ) {
    this.handlers = {
      ...shared.table(),
      ...visitor.table(),
      // handshake.address: the client's address as TRUST_PROXY decides (RealtimeIoAdapter)
      [CLIENT_EVENTS.conversationStart]: on(StartConversationDto, (user, p, socket) =>
        this.conversations.start(user, p, socket.handshake.address),
      ),
      [CLIENT_EVENTS.conversationCurrent]: on(EmptyPayloadDto, (user) => this.conversations.current(user)),
      [CLIENT_EVENTS.conversationClose]: on(ConversationRefDto, (user, p) =>
        this.conversations.closeByCustomer(user, p.conversationId),
      ),
      [CLIENT_EVENTS.conversationCloseConfirm]: on(ConversationRefDto, (user, p) =>
        this.conversations.confirmClose(user, p.conversationId),
      ),
      [CLIENT_EVENTS.conversationRate]: on(RateConversationDto, (user, p) => this.conversations.rate(user, p)),
    };
  }

  afterInit(namespace: Namespace): void {
    this.registry.customer = namespace;
    guardNamespace(namespace, this.auth, ['customer'], (socket, user) => this.prepare(socket, user), this.logger);
    namespace.use(this.budgets.middleware); // last: once the user is known, before the connection opens
  }

  /** Before the connection opens: the customer's own room and their live conversation's room. */
  private async prepare(socket: Socket, user: SocketUser): Promise<void> {
    await socket.join(rooms.user(user.id));
    const live = await this.conversations.current(user);
    if (live) {
      await socket.join(rooms.conversation(live.id));
      if (QUEUED_STATES.includes(live.artificialType)) this.positions.connected(user.id);
    }
  }

  handleConnection(socket: Socket): void {
    const { user } = socket.data as SocketData;
    if (!user) return;
    this.dispatcher.bind(socket, user, this.handlers);
    this.metrics.connectedSockets.inc({ namespace: 'customer' });
  }

  handleDisconnect(socket: Socket): void {
    if ((socket.data as SocketData).user) this.metrics.connectedSockets.dec({ namespace: 'customer' });
  }
}
