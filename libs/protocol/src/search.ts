import type { Conversation } from './entities';

/** `GET /api/search?q=&limit=` (PROTOCOL section 8, "Search"): agents and supervisors. */
export const SEARCH_LIMITS = {
  /** `q`: 1 to 200 characters after trimming. */
  queryMaxLength: 200,
  limitDefault: 20,
  limitMax: 50,
  /** Matching messages returned per conversation (the earliest ones). */
  matchesPerConversation: 3,
} as const;

export interface SearchMatch {
  seq: number;
  /** A window of the message's text around its first hit (see searchSnippet). */
  snippet: string;
}

export interface SearchResult {
  conversation: Conversation;
  /** Matching messages, ascending seq; empty when only the customer's name or email matched. */
  matches: SearchMatch[];
}

/** Newest conversation first. */
export interface SearchResponse {
  results: SearchResult[];
}
