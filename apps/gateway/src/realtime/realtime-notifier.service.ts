import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { isQueued as isQueuedState, SERVER_EVENTS } from '@switchboard/protocol';
import type { Subscription } from 'rxjs';
import type { DomainEvent, DomainEventOf } from '../events/domain-events';
import { DomainEventsService } from '../events/domain-events.service';
import { SupervisionService } from '../supervision/supervision.service';
import { QueueFeed } from './queue-feed.service';
import { QueuePositions } from './queue-positions.service';
import { RealtimeEmitter } from './realtime-emitter.service';
import { rooms } from './rooms';
import { TeamQueueFeed } from './team-queue-feed.service';

const SUPERVISOR_INTERVAL_MS = 1000;

/** Turns domain events into socket.io emits (section 4 and 5 of PROTOCOL.md say who gets what). */
@Injectable()
export class RealtimeNotifier implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Realtime');
  private subscription: Subscription | null = null;
  private supervisorTimer: NodeJS.Timeout | null = null;
  private lastSupervisorEmit = 0;
  private supervisorPending = false;
  private supervisorRunning = false;
  private stopped = false;

  constructor(
    private readonly events: DomainEventsService,
    private readonly emitter: RealtimeEmitter,
    private readonly queueFeed: QueueFeed,
    private readonly positions: QueuePositions,
    private readonly supervision: SupervisionService,
    private readonly teamQueue: TeamQueueFeed,
  ) {}

  onModuleInit(): void {
    this.subscription = this.events.all().subscribe((event) => {
      try {
        this.dispatch(event);
      } catch (error) {
        this.logger.error({ message: 'notify failed', type: event.type, error: String(error) });
      }
    });
  }

  private dispatch(event: DomainEvent): void {
    switch (event.type) {
      case 'conversation.changed':
        this.conversationChanged(event);
        break;
      case 'message.created':
        this.emitter.send({ rooms: [rooms.conversation(event.message.conversationId)] }, SERVER_EVENTS.messageNew, event.message);
        // Agents' queue rows show the latest message of a waiting conversation (coalesced per conversation).
        if (isQueuedState(event.conversation.artificialType)) this.queueFeed.messageIn(event.conversation);
        break;
      case 'message.updated': {
        // The conversation's room, and the customer's and assignee's own rooms (a closed conversation's room may be empty).
        const audience = [rooms.conversation(event.message.conversationId), rooms.user(event.audience.customerId)];
        if (event.audience.agentId) audience.push(rooms.user(event.audience.agentId));
        this.emitter.send({ rooms: audience }, SERVER_EVENTS.messageUpdated, event.message);
        return; // nothing a supervisor's overview counts
      }
      case 'unread.changed':
        this.emitter.send({ rooms: [rooms.user(event.userId)] }, SERVER_EVENTS.unread, {
          conversationId: event.conversationId,
          count: event.count,
          total: event.total,
        });
        break;
      case 'receipt':
        this.emitter.send({ rooms: [rooms.conversation(event.receipt.conversationId)] }, SERVER_EVENTS.receipt, event.receipt);
        break;
      case 'presence.changed':
        this.emitter.send({ rooms: [rooms.agents, rooms.supervisors] }, SERVER_EVENTS.presence, {
          agentId: event.agentId,
          status: event.status,
        });
        this.teamQueue.presenceChanged(event);
        break;
      case 'team.changed':
        this.teamQueue.teamChanged(event);
        break;
      case 'account.changed':
        break; // sessions are ended by AccountSessionsListener; the overview below shows the new name or absence
      case 'note.added':
        this.noteAdded(event);
        return; // nothing a supervisor's overview counts
      case 'visitor.updated':
        this.visitorUpdated(event);
        return; // nor is this
    }
    this.supervisorsDirty();
  }

  private conversationChanged({ conversation: c, previous }: DomainEventOf<'conversation.changed'>): void {
    const room = rooms.conversation(c.id);
    // Room membership first, so the events that follow reach the new assignee and no longer the old one.
    if (!previous) this.emitter.join(rooms.user(c.customer.id), room);
    if (previous?.agentId && previous.agentId !== c.agentId) this.emitter.leave(rooms.user(previous.agentId), room);
    if (c.agentId && c.agentId !== previous?.agentId) this.emitter.join(rooms.user(c.agentId), room);

    const wasQueued = previous !== null && isQueuedState(previous.artificialType);
    const isQueued = isQueuedState(c.artificialType);
    const concerned = [room, rooms.user(c.customer.id), rooms.supervisors];
    for (const id of [c.agentId, previous?.agentId, c.transfer?.toAgentId, previous?.transferToAgentId]) {
      if (id) concerned.push(rooms.user(id));
    }
    this.emitter.send({ rooms: concerned }, SERVER_EVENTS.conversationUpdated, c);
    // The queue's side (section 9's routing): everyone for a team-less conversation, else its team's agents.
    if (wasQueued || isQueued) {
      this.teamQueue.toQueueAudience(c, (queueRooms) => {
        this.emitter.send({ rooms: queueRooms, except: concerned }, SERVER_EVENTS.conversationUpdated, c);
        if (isQueued && !wasQueued) this.emitter.send({ rooms: queueRooms }, SERVER_EVENTS.queueUpdated, { added: [c] });
        if (wasQueued && !isQueued) this.emitter.send({ rooms: queueRooms }, SERVER_EVENTS.queueUpdated, { removed: [c.id] });
      });
    }

    if (c.artificialType === 'transfer_initiated' && previous?.artificialType !== 'transfer_initiated' && c.transfer?.toAgentId) {
      this.emitter.send({ rooms: [rooms.user(c.transfer.toAgentId)] }, SERVER_EVENTS.transferOffered, c);
    }
    if (wasQueued || isQueued) {
      this.queueFeed.transitioned(c);
      this.positions.changed(wasQueued !== isQueued ? [c.customer.id] : []);
    }
  }

  /**
   * Private notes go on the agent namespace only (sendToStaff): the conversation's room there holds the assignee and
   * watching supervisors; the transfer target and the author's other tabs are reached by their user rooms.
   */
  private noteAdded({ note, staff, notify }: DomainEventOf<'note.added'>): void {
    const audience = [rooms.conversation(note.conversationId), rooms.user(note.author.id)];
    for (const id of [staff.agentId, staff.transferToAgentId]) if (id) audience.push(rooms.user(id));
    this.emitter.sendToStaff({ rooms: audience }, SERVER_EVENTS.noteNew, note);
    for (const agentId of notify)
      this.emitter.sendToStaff({ rooms: [rooms.user(agentId)] }, SERVER_EVENTS.mention, { conversationId: note.conversationId, note });
  }

  /** The visitor's page, to the staff of their live conversation as notes go (agent namespace only). */
  private visitorUpdated({ update, live }: DomainEventOf<'visitor.updated'>): void {
    if (!live) return;
    const audience = [rooms.conversation(live.conversationId)];
    for (const id of [live.agentId, live.transferToAgentId]) if (id) audience.push(rooms.user(id));
    this.emitter.sendToStaff({ rooms: audience }, SERVER_EVENTS.visitorUpdated, update);
  }

  /** supervisor.updated at most once a second, and only after something changed (none lost meanwhile). */
  private supervisorsDirty(): void {
    this.supervisorPending = true;
    if (this.supervisorTimer || this.supervisorRunning) return;
    const wait = Math.max(0, this.lastSupervisorEmit + SUPERVISOR_INTERVAL_MS - Date.now());
    this.supervisorTimer = setTimeout(() => {
      this.supervisorTimer = null;
      this.supervisorPending = false;
      this.supervisorRunning = true;
      this.lastSupervisorEmit = Date.now();
      this.supervision
        .overviewIfWatched()
        .then((overview) => overview && this.emitter.send({ rooms: [rooms.supervisors] }, SERVER_EVENTS.supervisorUpdated, overview))
        .catch((error: unknown) => this.logger.warn({ message: 'overview failed', error: String(error) }))
        .finally(() => {
          this.supervisorRunning = false;
          if (this.supervisorPending && !this.stopped) this.supervisorsDirty();
        });
    }, wait);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    if (this.supervisorTimer) clearTimeout(this.supervisorTimer);
  }
}
