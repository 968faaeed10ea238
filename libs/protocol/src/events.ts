import type {
  AgentStatus,
  AgentSummary,
  Conversation,
  Message,
  Overview,
  PresenceStatus,
  Role,
  SessionRevokedReason,
  StaffAccount,
  UserLocale,
} from './entities';
import type { Ack } from './errors';
import type { AddNotePayload, MentionEvent, Note, NoteList } from './notes';
import type { VisitorContextPayload, VisitorUpdatedEvent } from './customer-profile';
import type {
  BlockCustomerPayload,
  CustomerBlock,
  LabelConversationPayload,
  UnblockCustomerPayload,
  UnblockResult,
} from './labels';
import type { RecallMessagePayload } from './recall';

export const NAMESPACES = { customer: '/customer', agent: '/agent' } as const;

/** Events a client sends; each takes an acknowledgement callback. */
export const CLIENT_EVENTS = {
  conversationStart: 'conversation.start',
  conversationGrab: 'conversation.grab',
  conversationTransfer: 'conversation.transfer',
  conversationTransferAccept: 'conversation.transfer.accept',
  conversationTransferDecline: 'conversation.transfer.decline',
  conversationTransferCancel: 'conversation.transfer.cancel',
  conversationClose: 'conversation.close',
  conversationCloseConfirm: 'conversation.close.confirm',
  conversationRate: 'conversation.rate',
  conversationAssign: 'conversation.assign',
  conversationCurrent: 'conversation.current',
  conversationsMine: 'conversations.mine',
  conversationWatch: 'conversation.watch',
  conversationUnwatch: 'conversation.unwatch',
  messageSend: 'message.send',
  messageRead: 'message.read',
  messagesSync: 'messages.sync',
  typing: 'typing',
  queueList: 'queue.list',
  agentStatus: 'agent.status',
  supervisorOverview: 'supervisor.overview',
  // notes: private notes and mentions (PROTOCOL section 8)
  noteAdd: 'note.add',
  notesList: 'notes.list',
  // issue 14, labels and blocking
  conversationLabel: 'conversation.label',
  customerBlock: 'customer.block',
  customerUnblock: 'customer.unblock',
  // issue 14, the customer's profile (customer ns)
  visitorContext: 'visitor.context',
  // issue 14, recalling a message (both namespaces)
  messageRecall: 'message.recall',
} as const;

/** Events the server pushes. */
export const SERVER_EVENTS = {
  messageNew: 'message.new',
  receipt: 'receipt',
  typing: 'typing',
  conversationUpdated: 'conversation.updated',
  queueUpdated: 'queue.updated',
  transferOffered: 'transfer.offered',
  unread: 'unread',
  presence: 'presence',
  queuePosition: 'queue.position',
  supervisorUpdated: 'supervisor.updated',
  sessionRevoked: 'session.revoked',
  // notes: to agent-side sockets only, never the customer namespace
  noteNew: 'note.new',
  mention: 'mention',
  // issue 14, the customer's profile: to agent-side sockets only
  visitorUpdated: 'visitor.updated',
  // issue 14, a recalled message (both namespaces, everyone in the conversation)
  messageUpdated: 'message.updated',
} as const;

export type ClientEventName = (typeof CLIENT_EVENTS)[keyof typeof CLIENT_EVENTS];
export type ServerEventName = (typeof SERVER_EVENTS)[keyof typeof SERVER_EVENTS];

// ---- payloads a client sends (plain types; the validating classes live in ./dto) ----

export interface ConversationRef {
  conversationId: string;
}
export interface StartConversationPayload {
  text?: string;
  /** Section 9: left through the offline form; needs `text` and `email`. */
  offline?: boolean;
  /** The customer's email (required with `offline`), stored as the Conversation's `customer.email`. */
  email?: string;
  /** The name the customer gave in the widget's first screen or the offline form. */
  name?: string;
  /** The pre-chat values by field key, validated against the settings' `preChatFields`. */
  fields?: Record<string, string>;
  /** Section 9: the team chosen in the pre-chat form (one of `GET /api/widget/config`'s teams). */
  teamId?: string;
}
export interface TransferPayload extends ConversationRef {
  toAgentId?: string;
  /** Section 9: back to that team's queue (not with `toAgentId`). */
  toTeamId?: string;
  note?: string;
}
export interface ClosePayload extends ConversationRef {
  force?: boolean;
}
export interface RatePayload extends ConversationRef {
  score: number;
  comment?: string;
}
export interface AssignPayload extends ConversationRef {
  agentId: string;
}
export interface SendMessagePayload extends ConversationRef {
  clientMsgId: string;
  kind?: 'text' | 'image' | 'file';
  text?: string;
  attachmentId?: string;
  /** Section 8: the seq of the message this one quotes (one the sender may see, in the same conversation). */
  replyToSeq?: number;
}
export interface ReadPayload extends ConversationRef {
  seq: number;
}
export interface SyncPayload extends ConversationRef {
  afterSeq: number;
  limit?: number;
}
export interface TypingPayload extends ConversationRef {
  isTyping: boolean;
}
export interface AgentStatusPayload {
  status: AgentStatus;
}
/** `queue.list`: a page of the queue; `{}` is the first page of LIMITS.queuePageDefault. */
export interface QueueListPayload {
  limit?: number;
  /** The `next` of the previous page. */
  after?: string;
}

// ---- answers and pushes ----

export interface ReadResult {
  conversationId: string;
  seq: number;
  unread: number;
}
export interface SyncResult {
  messages: Message[];
  lastSeq: number;
}
export interface ConversationList {
  conversations: Conversation[];
}
/** A page of the queue: `transferring` first, then `open`, oldest first within each. */
export interface QueuePage {
  conversations: Conversation[];
  /** Pass as `after` for the page that follows; null on the last page. */
  next: string | null;
  /** How many conversations wait in the queue now (all pages). */
  total: number;
}
export interface WatchResult {
  conversation: Conversation;
  messages: Message[];
}
export interface ReceiptEvent {
  conversationId: string;
  reader: { id: string; type: Role };
  seq: number;
  at: string;
}
export interface TypingEvent {
  conversationId: string;
  userId: string;
  userType: Role;
  isTyping: boolean;
}
export interface QueueUpdatedEvent {
  added?: Conversation[];
  removed?: string[];
}
export interface UnreadEvent {
  conversationId: string;
  count: number;
  total: number;
}
export interface PresenceEvent {
  agentId: string;
  status: PresenceStatus;
}
/** Sent to every socket of a session just before the gateway disconnects it; the token is no longer accepted. */
export interface SessionRevokedEvent {
  reason: SessionRevokedReason;
}
export interface QueuePositionEvent {
  conversationId: string;
  position: number;
  estimatedWaitSeconds: number | null;
}

type Handler<P, R> = (payload: P, ack?: (answer: Ack<R>) => void) => void;

/** What a client of the /customer namespace may emit. */
export interface CustomerClientEvents {
  'conversation.start': Handler<StartConversationPayload, Conversation>;
  'conversation.close': Handler<ConversationRef, Conversation>;
  'conversation.close.confirm': Handler<ConversationRef, Conversation>;
  'conversation.rate': Handler<RatePayload, Conversation>;
  'conversation.current': Handler<Record<string, never>, Conversation | null>;
  'message.send': Handler<SendMessagePayload, Message>;
  'message.read': Handler<ReadPayload, ReadResult>;
  'messages.sync': Handler<SyncPayload, SyncResult>;
  typing: Handler<TypingPayload, Record<string, never>>;
  // issue 14, the customer's profile
  'visitor.context': Handler<VisitorContextPayload, VisitorUpdatedEvent>;
  'message.recall': Handler<RecallMessagePayload, Message>;
}

/** What a client of the /agent namespace may emit. */
export interface AgentClientEvents {
  'conversation.grab': Handler<ConversationRef, Conversation>;
  'conversation.transfer': Handler<TransferPayload, Conversation>;
  'conversation.transfer.accept': Handler<ConversationRef, Conversation>;
  'conversation.transfer.decline': Handler<ConversationRef, Conversation>;
  'conversation.transfer.cancel': Handler<ConversationRef, Conversation>;
  'conversation.close': Handler<ClosePayload, Conversation>;
  'conversation.assign': Handler<AssignPayload, Conversation>;
  'conversations.mine': Handler<Record<string, never>, ConversationList>;
  'conversation.watch': Handler<ConversationRef, WatchResult>;
  'conversation.unwatch': Handler<ConversationRef, Record<string, never>>;
  'message.send': Handler<SendMessagePayload, Message>;
  'message.read': Handler<ReadPayload, ReadResult>;
  'messages.sync': Handler<SyncPayload, SyncResult>;
  typing: Handler<TypingPayload, Record<string, never>>;
  'queue.list': Handler<QueueListPayload, QueuePage>;
  'agent.status': Handler<AgentStatusPayload, AgentStatusPayload>;
  'supervisor.overview': Handler<Record<string, never>, Overview>;
  'note.add': Handler<AddNotePayload, Note>;
  'notes.list': Handler<{ conversationId: string }, NoteList>;
  // issue 14, labels and blocking
  'conversation.label': Handler<LabelConversationPayload, Conversation>;
  'customer.block': Handler<BlockCustomerPayload, CustomerBlock>;
  'customer.unblock': Handler<UnblockCustomerPayload, UnblockResult>;
  // issue 14, recall
  'message.recall': Handler<RecallMessagePayload, Message>;
}

/** What the server pushes to clients (both namespaces). */
export interface ServerPushEvents {
  'message.new': (message: Message) => void;
  receipt: (receipt: ReceiptEvent) => void;
  typing: (typing: TypingEvent) => void;
  'conversation.updated': (conversation: Conversation) => void;
  'queue.updated': (update: QueueUpdatedEvent) => void;
  'transfer.offered': (conversation: Conversation) => void;
  unread: (unread: UnreadEvent) => void;
  presence: (presence: PresenceEvent) => void;
  'queue.position': (position: QueuePositionEvent) => void;
  'supervisor.updated': (overview: Overview) => void;
  'session.revoked': (event: SessionRevokedEvent) => void;
  'note.new': (note: Note) => void;
  mention: (event: MentionEvent) => void;
  'visitor.updated': (event: VisitorUpdatedEvent) => void;
  'message.updated': (message: Message) => void;
}

// ---- REST ----

export interface CustomerAuthResponse {
  token: string;
  visitorId: string;
  customer: { id: string; name: string; type: string | null };
}
export interface LoginResponse {
  token: string;
  user: { id: string; role: Role; name: string; email: string; locale: UserLocale | null };
}
export interface HealthResponse {
  status: 'ok' | 'degraded';
  db: 'up' | 'down';
  version: string;
}
/** `GET /api/users?role=agent` answers a bare array. */
export type AgentListResponse = AgentSummary[];
/** `GET /api/users` as a supervisor: the same array with each account's details. */
export type StaffAccountListResponse = StaffAccount[];
/** `PATCH /api/users/me` (any signed-in user, for themself): answers the PublicUser. */
export interface UpdateMyPreferencesRequest {
  locale: UserLocale;
}
/** `PATCH /api/users/:id` (supervisors): at least one field. */
export interface UpdateUserRequest {
  disabled?: boolean;
  password?: string;
  maxConcurrent?: number;
  name?: string;
}
