/** PROTOCOL section 8, canned replies: a set of the caller's own and one the whole team shares. */
export const CANNED_REPLY_SCOPES = ['personal', 'team'] as const;
export type CannedReplyScope = (typeof CANNED_REPLY_SCOPES)[number];

export interface CannedReply {
  id: string;
  /** What follows `/` in the composer: unique within its set. */
  shortcut: string;
  /** May hold the CANNED_REPLY_VARIABLES, filled in when the reply is inserted. */
  text: string;
  scope: CannedReplyScope;
  /** Who made it: the agent a personal reply belongs to; for a team reply, the supervisor who wrote it. */
  ownerId: string;
}

export const CANNED_REPLY_LIMITS = {
  shortcutPattern: /^[a-z0-9_-]{1,32}$/,
  shortcutMaxLength: 32,
  textMaxLength: 4000,
} as const;

/** `GET /api/canned-replies`: the caller's personal replies and the team's, each set by shortcut. */
export interface CannedReplyList {
  cannedReplies: CannedReply[];
}
/** The answer of `POST` and `PATCH /api/canned-replies(/:id)`. */
export interface CannedReplyAnswer {
  cannedReply: CannedReply;
}
/** `POST /api/canned-replies`: agents make personal replies only; supervisors either. */
export interface CreateCannedReplyRequest {
  shortcut: string;
  text: string;
  scope: CannedReplyScope;
}
/** `PATCH /api/canned-replies/:id`: at least one field. The scope of a reply never changes. */
export interface UpdateCannedReplyRequest {
  shortcut?: string;
  text?: string;
}

/** What the variables of a canned reply stand for in one conversation. */
export interface CannedReplyContext {
  customerName: string;
  agentName: string;
  conversationNumber: number;
}

export const CANNED_REPLY_VARIABLES = ['customer.name', 'agent.name', 'conversation.number'] as const;
export type CannedReplyVariable = (typeof CANNED_REPLY_VARIABLES)[number];

// `{{ customer.name }}` with spaces inside the braces is the same variable: people type it both ways.
const VARIABLE = /\{\{\s*(customer\.name|agent\.name|conversation\.number)\s*\}\}/g;

/**
 * The reply's text with its variables filled in. One pass over the template: a value that itself looks like a
 * variable (a customer named "{{agent.name}}") is inserted as it is, never expanded. Unknown `{{...}}` stay.
 */
export function fillCannedReply(text: string, context: CannedReplyContext): string {
  const values: Record<CannedReplyVariable, string> = {
    'customer.name': context.customerName,
    'agent.name': context.agentName,
    'conversation.number': String(context.conversationNumber),
  };
  return text.replace(VARIABLE, (_match, name: CannedReplyVariable) => values[name]);
}
