import { Injectable } from '@nestjs/common';
import {
  findSearchHits,
  parseSearchQuery,
  SEARCH_LIMITS,
  searchSnippet,
  type SearchMatch,
  type SearchQuery,
  type SearchResponse,
} from '@switchboard/protocol';
import type { Principal } from '../auth/principal';
import { forbidden } from '../common/domain-error';
import { mayReadMessages } from '../conversations/conversation-access';
import { toConversation } from '../conversations/conversation.mapper';
import { ConversationsRepository } from '../conversations/conversations.repository';
import { MessagesRepository } from '../message-store/messages.repository';

/** An agent's readable conversations are searched this many at a time (the store's point-lookup budget is 2,000). */
const AGENT_CHUNK = 1000;

/**
 * Search (PROTOCOL section 8): messages by their stored keys, then each candidate verified against the query's terms
 * (a CJK run must appear whole, each word at the start of a word), plus conversations by their customer's name and
 * email; newest conversation first, only what the caller may read.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly conversations: ConversationsRepository,
  ) {}

  async search(who: Principal, q: string, limit: number = SEARCH_LIMITS.limitDefault): Promise<SearchResponse> {
    if (who.role === 'customer') throw forbidden('search is for staff');
    const query = parseSearchQuery(q);
    if (!query.primaryKey) return { results: [] };
    const found = who.role === 'supervisor' ? await this.collect(query, limit) : await this.collectForAgent(query, limit, who.id);
    const records = await Promise.all([...found.keys()].map((id) => this.conversations.findById(id)));
    return {
      results: records
        // The scope already holds only readable conversations; the rule itself is checked again on what is sent.
        .filter((c) => c !== null && mayReadMessages(who, c))
        .map((c) => ({ conversation: toConversation(c!), matches: found.get(c!._id) ?? [] })),
    };
  }

  /** An agent's readable conversations, newest first, a chunk at a time until `limit` conversations are found. */
  private async collectForAgent(query: SearchQuery, limit: number, agentId: string): Promise<Map<string, SearchMatch[]>> {
    const readable = await this.conversations.readableIdsOf(agentId);
    const found = new Map<string, SearchMatch[]>();
    for (let at = 0; at < readable.length && found.size < limit; at += AGENT_CHUNK) {
      const chunk = await this.collect(query, limit - found.size, readable.slice(at, at + AGENT_CHUNK));
      for (const [id, matches] of chunk) found.set(id, matches);
    }
    return found;
  }

  /** Up to `limit` conversations (of `ids` when given), newest first, with their first matching messages. */
  private async collect(query: SearchQuery, limit: number, ids?: string[]): Promise<Map<string, SearchMatch[]>> {
    const primary = query.primaryKey ?? '';
    const byMessage = new Map<string, SearchMatch[]>();
    for await (const m of this.messages.searchMatches(primary, query.keys, ids)) {
      const matches = byMessage.get(m.conversationId);
      if (matches && matches.length >= SEARCH_LIMITS.matchesPerConversation) continue;
      if (!matches && byMessage.size >= limit) break;
      const text = m.text ?? '';
      if (!findSearchHits(text, query.terms).complete) continue;
      const match = { seq: m.seq, snippet: searchSnippet(text, query.terms) };
      if (matches) matches.push(match);
      else byMessage.set(m.conversationId, [match]);
    }
    const byCustomer = await this.conversations.searchByCustomer(primary, query.keys, limit, ids);
    // Both lists are newest first and each holds its own newest `limit`: the merged newest `limit` are among them.
    const merged = [...new Set([...byMessage.keys(), ...byCustomer])].sort().reverse().slice(0, limit);
    return new Map(merged.map((id) => [id, byMessage.get(id) ?? []]));
  }
}
