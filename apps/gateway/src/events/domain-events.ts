import type {
  ArtificialType,
  Conversation,
  Message,
  Note,
  PresenceStatus,
  ReceiptEvent,
  SessionRevokedReason,
  VisitorUpdatedEvent,
} from '@switchboard/protocol';

/** What the domain reports; the realtime layer alone turns these into socket.io emits. */
export type DomainEvent =
  | {
      type: 'conversation.changed';
      conversation: Conversation;
      /** State and assignee before the transition; null for a new conversation. */
      previous: { artificialType: ArtificialType; agentId: string | null; transferToAgentId: string | null } | null;
    }
  | { type: 'message.created'; message: Message; conversation: Conversation }
  | { type: 'unread.changed'; userId: string; conversationId: string; count: number; total: number }
  | { type: 'receipt'; receipt: ReceiptEvent }
  | { type: 'presence.changed'; agentId: string; status: PresenceStatus }
  /** A staff account was edited; with `revoked`, its tokens stopped working and its sessions must end. */
  | { type: 'account.changed'; userId: string; revoked: SessionRevokedReason | null }
  /** A private note (notes/): for the conversation's staff, and a `mention` for each of `notify`. Never customers. */
  | { type: 'note.added'; note: Note; staff: { agentId: string | null; transferToAgentId: string | null }; notify: string[] }
  /**
   * The customer's page or browser changed (customer-profiles/): for the staff of their live conversation, the same
   * agent-side audience as notes. `live` is null when the customer has no live conversation (nobody to tell).
   */
  | {
      type: 'visitor.updated';
      update: VisitorUpdatedEvent;
      live: { conversationId: string; agentId: string | null; transferToAgentId: string | null } | null;
    }
  /**
   * Section 9: a team was made, its agents changed, or it was deleted (`after` null): routing moved, the realtime
   * layer tells the agents whose queue gained or lost its conversations.
   */
  | { type: 'team.changed'; teamId: string; before: string[]; after: string[] | null }
  /** Section 8: a message changed in place (recalled): everyone in the conversation, both sides. */
  | { type: 'message.updated'; message: Message; audience: { customerId: string; agentId: string | null } };

export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
