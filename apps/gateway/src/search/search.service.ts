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

/**
 * An agent's readable conversations are searched a chunk at a time, newest first: a small first chunk answers a common
 * term at once, later ones grow to AGENT_CHUNK_MAX (within the store's budget of 2,000 point lookups).
 */
const AGENT_CHUNK_FIRST = 64;
const AGENT_CHUNK_MAX = 1000;
/** The index is walked by the rarest key: the first PROBE_KEYS keys are counted, each up to PROBE_CAP messages. */
const PROBE_KEYS = 6;
const PROBE_CAP = 300;

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
    const query = await this.withRarestKey(parseSearchQuery(q));
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

  /**
   * The length of a key says little about how rare it is ("发票抬头" starts with the common "发票"): a few keys are
   * counted, each up to a cap, and the least frequent one is walked; the others are checked on each entry met.
   */
  private async withRarestKey(query: SearchQuery): Promise<SearchQuery> {
    if (query.keys.length < 2) return query;
    const probed = query.keys.slice(0, PROBE_KEYS);
    const counts = await this.messages.keyCounts(probed, PROBE_CAP);
    let best = 0;
    counts.forEach((n, i) => {
      if (n < counts[best]) best = i;
    });
    return { ...query, primaryKey: probed[best] };
  }

  /** An agent's readable conversations, newest first, a chunk at a time until `limit` conversations are found. */
  private async collectForAgent(query: SearchQuery, limit: number, agentId: string): Promise<Map<string, SearchMatch[]>> {
    const readable = await this.conversations.readableIdsOf(agentId);
    const found = new Map<string, SearchMatch[]>();
    for (let at = 0, size = AGENT_CHUNK_FIRST; at < readable.length && found.size < limit; at += size, size = Math.min(size * 4, AGENT_CHUNK_MAX)) {
      const chunk = await this.collect(query, limit - found.size, readable.slice(at, at + size));
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
