import { Logger } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import { CLIENT_EVENTS, NAMESPACES } from '@switchboard/protocol';
import {
  AddNoteDto,
  AgentStatusDto,
  AssignConversationDto,
  CloseConversationDto,
  ConversationRefDto,
  EmptyPayloadDto,
  QueueListDto,
  TransferConversationDto,
} from '@switchboard/protocol/dto';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service';
import type { SocketUser } from '../auth/principal';
import { forbidden } from '../common/domain-error';
import { ConversationsService } from '../conversations/conversations.service';
import { CustomerBlockHandlers } from '../customer-blocks/customer-block-handlers';
import { LabelHandlers } from '../labels/label-handlers';
import { QueueService } from '../conversations/queue.service';
import { MetricsService } from '../metrics/metrics.service';
import { NotesService } from '../notes/notes.service';
import { SupervisionService } from '../supervision/supervision.service';
import { UsersService } from '../users/users.service';
import { ConversationHandlers } from './conversation-handlers';
import { PresenceHeartbeat } from './presence-heartbeat.service';
import { rooms } from './rooms';
import { guardNamespace, type SocketData } from './socket-auth';
import { on, SocketDispatcher, type HandlerTable } from './socket-dispatcher.service';
import { SocketServerRegistry } from './socket-server.registry';
import { UserBudgets } from './user-budgets.service';

const supervisorsOnly = (user: SocketUser) => {
  if (user.role !== 'supervisor') throw forbidden('supervisors only');
};

/** `/agent`: the agent console and the supervisor view. */
@WebSocketGateway({ namespace: NAMESPACES.agent })
export class AgentGateway implements OnGatewayInit<Namespace>, OnGatewayConnection<Socket>, OnGatewayDisconnect<Socket> {
  private readonly logger = new Logger('AgentGateway');
  private readonly handlers: HandlerTable;

  constructor(
    private readonly auth: AuthService,
    private readonly conversations: ConversationsService,
    private readonly users: UsersService,
    private readonly supervision: SupervisionService,
    private readonly dispatcher: SocketDispatcher,
    private readonly registry: SocketServerRegistry,
    private readonly presence: PresenceHeartbeat,
    private readonly metrics: MetricsService,
    private readonly budgets: UserBudgets,
    private readonly queue: QueueService,
    private readonly notes: NotesService,
    shared: ConversationHandlers,
    labels: LabelHandlers,
    blocks: CustomerBlockHandlers,
  ) {
    const c = this.conversations;
    this.handlers = {
      ...shared.table(),
      ...labels.table(),
      ...blocks.table(),
      [CLIENT_EVENTS.conversationGrab]: on(ConversationRefDto, (user, p) => c.grab(user, p.conversationId)),
      [CLIENT_EVENTS.conversationTransfer]: on(TransferConversationDto, (user, p) => c.transfer(user, p)),
      [CLIENT_EVENTS.conversationTransferAccept]: on(ConversationRefDto, (user, p) => c.acceptTransfer(user, p.conversationId)),
      [CLIENT_EVENTS.conversationTransferDecline]: on(ConversationRefDto, (user, p) => c.declineTransfer(user, p.conversationId)),
      [CLIENT_EVENTS.conversationTransferCancel]: on(ConversationRefDto, (user, p) => c.cancelTransfer(user, p.conversationId)),
      [CLIENT_EVENTS.conversationClose]: on(CloseConversationDto, (user, p) => c.closeByAgent(user, p)),
      [CLIENT_EVENTS.conversationsMine]: on(EmptyPayloadDto, async (user) => ({ conversations: await c.mine(user) })),
      [CLIENT_EVENTS.queueList]: on(QueueListDto, (user, p) => this.queue.page(p, user)),
      [CLIENT_EVENTS.agentStatus]: on(AgentStatusDto, async (user, p) => ({ status: await this.users.setStatus(user.id, p.status) })),
      [CLIENT_EVENTS.conversationAssign]: on(AssignConversationDto, (user, p) => c.assign(user, p)),
      [CLIENT_EVENTS.supervisorOverview]: on(EmptyPayloadDto, async (user) => {
        supervisorsOnly(user);
        return this.supervision.overview();
      }),
      [CLIENT_EVENTS.conversationWatch]: on(ConversationRefDto, async (user, p, socket) => {
        const watched = await c.watch(user, p.conversationId);
        await socket.join(rooms.conversation(watched.conversation.id));
        return watched;
      }),
      [CLIENT_EVENTS.noteAdd]: on(AddNoteDto, (user, p) => this.notes.add(user, p)),
      [CLIENT_EVENTS.notesList]: on(ConversationRefDto, (user, p) => this.notes.list(user, p.conversationId)),
      [CLIENT_EVENTS.conversationUnwatch]: on(ConversationRefDto, async (user, p, socket) => {
        supervisorsOnly(user);
        await socket.leave(rooms.conversation(p.conversationId));
        return {};
      }),
    };
  }

  afterInit(namespace: Namespace): void {
    this.registry.agent = namespace;
    guardNamespace(namespace, this.auth, ['agent', 'supervisor'], (socket, user) => this.prepare(socket, user), this.logger);
    namespace.use(this.budgets.middleware); // last: once the user is known, before the connection opens
  }

  /** Before the connection opens: the user's room, the staff rooms and the rooms of what they hold. */
  private async prepare(socket: Socket, user: SocketUser): Promise<void> {
    const joined = [rooms.user(user.id), rooms.agents];
    if (user.role === 'supervisor') joined.push(rooms.supervisors);
    for (const held of await this.conversations.mine(user)) joined.push(rooms.conversation(held.id));
    await socket.join(joined);
  }

  handleConnection(socket: Socket): void {
    const { user } = socket.data as SocketData;
    if (!user) return;
    this.dispatcher.bind(socket, user, this.handlers);
    this.metrics.connectedSockets.inc({ namespace: 'agent' });
    this.presence.connected(user.id).catch((error: unknown) => this.logger.warn({ message: 'presence failed', error: String(error) }));
  }

  handleDisconnect(socket: Socket): void {
    const { user } = socket.data as SocketData;
    if (!user) return;
    this.metrics.connectedSockets.dec({ namespace: 'agent' });
    this.presence.disconnected(user.id).catch((error: unknown) => this.logger.warn({ message: 'presence failed', error: String(error) }));
  }
}
