import type { SystemMessage } from './conversation-rules';
import type { ReplyTo } from './recall';

/** Entity shapes exactly as they travel on the wire (PROTOCOL.md section 3). Dates are ISO-8601 strings. */

export type Role = 'customer' | 'agent' | 'supervisor';
export type StaffRole = Exclude<Role, 'customer'>;

export type ArtificialType =
  | 'open'
  | 'serving'
  | 'transfer_initiated'
  | 'transferring'
  | 'close_initiated'
  | 'closed';

export const ARTIFICIAL_TYPES: readonly ArtificialType[] = [
  'open',
  'serving',
  'transfer_initiated',
  'transferring',
  'close_initiated',
  'closed',
];

export type AgentStatus = 'online' | 'away' | 'busy';
export type PresenceStatus = AgentStatus | 'offline';
export const AGENT_STATUSES: readonly AgentStatus[] = ['online', 'away', 'busy'];

export type SenderType = 'customer' | 'agent' | 'system';
export type MessageKind = 'text' | 'image' | 'file' | 'system';

export interface CustomerInfo {
  id: string;
  name: string;
  type: string | null;
}

/** The Conversation's `customer`: CustomerInfo and, section 8, the e-mail the customer gave (null when none). */
export interface ConversationCustomer extends CustomerInfo {
  email: string | null;
}

export interface Transfer {
  mode: 'agent' | 'queue';
  fromAgentId: string;
  toAgentId: string | null;
  note: string | null;
  initiatedAt: string;
  expiresAt: string | null;
}

export interface LastMessage {
  seq: number;
  preview: string;
  senderType: SenderType;
  at: string;
  /** What the message was, so a list can label images and files in its reader's language (absent on old ones). */
  kind?: MessageKind;
  /** A system message's code and params (PROTOCOL section 14), so lists show it in the reader's language. */
  system?: SystemMessage;
  /** The message was recalled (section 8): lists say "message recalled" in their reader's language. */
  recalled?: true;
}

export interface Rating {
  score: number;
  comment: string | null;
}

export interface Conversation {
  id: string;
  number: number;
  artificialType: ArtificialType;
  customer: ConversationCustomer;
  agentId: string | null;
  transfer: Transfer | null;
  lastSeq: number;
  lastMessage: LastMessage | null;
  reads: { customer: number; agents: Record<string, number> };
  unread: { customer: number; agent: number };
  createdAt: string;
  queuedAt: string | null;
  assignedAt: string | null;
  closedAt: string | null;
  closedBy: SenderType | null;
  rating: Rating | null;
  /** Names from the label set (PROTOCOL section 8); [] when none. */
  labels: string[];
  /** Section 9: left through the offline form while nobody was available. */
  offline: boolean;
  /** Section 9: the customer's answers to the pre-chat fields, by key; {} when none. */
  fields: Record<string, string>;
  /** Section 9: the team whose queue it is in (chosen at start, or by a transfer to a team); null when none. */
  teamId: string | null;
}

export interface Attachment {
  id: string;
  name: string;
  mime: string;
  size: number;
  md5: string;
  url: string;
}

export interface Sender {
  id: string;
  type: SenderType;
  name: string;
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  clientMsgId: string | null;
  sender: Sender;
  kind: MessageKind;
  text: string | null;
  attachment: Attachment | null;
  /** System messages only: what happened, as a code and its params (PROTOCOL section 14); `text` says it in words. */
  system?: SystemMessage | null;
  createdAt: string;
  /** Section 8: when the sender recalled it (then `text` and `attachment` are null), or null. */
  recalledAt: string | null;
  /**
   * Section 8: until when its sender may recall it (createdAt + RECALL_WINDOW_S), so clients show Recall only that
   * long; null for system messages, recalled ones and messages stored before recall existed.
   */
  recallableUntil: string | null;
  /** Section 8: the message this one quotes, or null. */
  replyTo: ReplyTo | null;
  /** Only in `GET .../messages?includeRecalled=true` (supervisors): whether this original was recalled. */
  recalled?: boolean;
}

export interface OverviewAgent {
  id: string;
  name: string;
  status: PresenceStatus;
  serving: number;
  unreadTotal: number;
}

export interface OverviewConversation {
  id: string;
  number: number;
  artificialType: ArtificialType;
  agentId: string | null;
  customerName: string;
  unread: { customer: number; agent: number };
  waitingSeconds: number;
  lastMessageAt: string | null;
  /** The conversation's labels, for the supervisor's filter. */
  labels: string[];
  /** Section 9: its team, for the supervisor's team column and filter; null when none. */
  teamId: string | null;
}

export interface Overview {
  queue: { open: number; transferring: number; longestWaitSeconds: number };
  agents: OverviewAgent[];
  conversations: OverviewConversation[];
}

/**
 * The languages a user may choose for the console (PROTOCOL section 10): `PATCH /api/users/me { locale }`.
 * The same list as @switchboard/i18n's SUPPORTED_LOCALES (that library builds on this one; a test keeps them equal).
 */
export const USER_LOCALES = ['en', 'zh-CN'] as const;
export type UserLocale = (typeof USER_LOCALES)[number];

export interface PublicUser {
  id: string;
  role: Role;
  name: string;
  email: string | null;
  /** The user's chosen language; null until they choose one (clients then follow the browser). */
  locale: UserLocale | null;
}

export interface AgentSummary {
  id: string;
  name: string;
  status: PresenceStatus;
  serving: number;
}

/**
 * An agent or supervisor account as supervisors see it (`GET /api/users`, `GET`/`PATCH /api/users/:id`): the
 * agent summary plus what the accounts screen edits. Agents listing colleagues keep getting AgentSummary.
 */
export interface StaffAccount extends AgentSummary {
  role: StaffRole;
  email: string;
  maxConcurrent: number;
  /** A disabled account cannot sign in; its tokens stopped working when it was disabled. */
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

/** Why the gateway ended a session (`session.revoked`); the same words are the stored cause of a revocation. */
export const SESSION_REVOKED_REASONS = ['disabled', 'deleted', 'password_changed', 'expired', 'revoked'] as const;
export type SessionRevokedReason = (typeof SESSION_REVOKED_REASONS)[number];

