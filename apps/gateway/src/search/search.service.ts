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
 * An agent's search first walks the key's matches across all conversations, keeping the readable ones: a rare key has
 * few, and is answered by that one walk. Past a budget of matches walked it is a common key, and the agent's readable
 * conversations are searched a chunk at a time instead, newest first: a small first chunk answers a common term at
 * once, later ones grow to AGENT_CHUNK_MAX (within the store's budget of 2,000 point lookups).
 */
const AGENT_WALK_MESSAGES = 300;
const AGENT_WALK_CUSTOMERS = 300;
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

  async search(
    who: Principal,
    q: string,
    limit: number = SEARCH_LIMITS.limitDefault,
  ): Promise<SearchResponse> {
    if (who.role === 'customer') throw forbidden('search is for staff');
    const parsed = parseSearchQuery(q);
    if (!parsed.primaryKey) return { results: [] };
    const found =
      who.role === 'supervisor'
        ? await this.collect(await this.withRarestKey(parsed), limit)
        : await this.collectForAgent(parsed, limit, who.id);
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
    return query.keys.length < 2 ? query : (await this.rarestKey(query)).query;
  }

  /** The query walked by its rarest key, and how many messages hold that key (counted up to PROBE_CAP). */
  private async rarestKey(query: SearchQuery): Promise<{ query: SearchQuery; messages: number }> {
    const probed = query.keys.slice(0, PROBE_KEYS);
    const counts = await this.messages.keyCounts(probed, PROBE_CAP);
    let best = 0;
    counts.forEach((n, i) => {
      if (n < counts[best]) best = i;
    });
    return { query: { ...query, primaryKey: probed[best] }, messages: counts[best] };
  }

  /** Up to `limit` of an agent's readable conversations, newest first, with their first matching messages. */
  private async collectForAgent(
    parsed: SearchQuery,
    limit: number,
    agentId: string,
  ): Promise<Map<string, SearchMatch[]>> {
    const [readable, { query, messages }] = await Promise.all([
      this.conversations.readableIdsOf(agentId),
      this.rarestKey(parsed),
    ]);
    const within = new Set(readable);
    const [byMessage, byCustomer] = await Promise.all([
      this.agentMessages(query, limit, readable, within, messages < PROBE_CAP),
      this.agentCustomers(query, limit, readable, within),
    ]);
    return merged(byMessage, byCustomer, limit);
  }

  /**
   * The walk across all conversations is tried only when the rarest key is `rare` (held by fewer than PROBE_CAP
   * messages, so the walk's budget can hold its matches); a common one goes to the readable chunks at once.
   */
  private async agentMessages(
    query: SearchQuery,
    limit: number,
    readable: string[],
    within: Set<string>,
    rare: boolean,
  ): Promise<Map<string, SearchMatch[]>> {
    const walked = rare
      ? await this.matchingMessages(query, limit, { within, budget: AGENT_WALK_MESSAGES })
      : null;
    if (walked) return walked;
    const found = new Map<string, SearchMatch[]>();
    for (const ids of chunksOf(readable)) {
      if (found.size >= limit) break;
      for (const [id, matches] of (await this.matchingMessages(query, limit - found.size, { ids }))!)
        found.set(id, matches);
    }
    return found;
  }

  private async agentCustomers(
    query: SearchQuery,
    limit: number,
    readable: string[],
    within: Set<string>,
  ): Promise<string[]> {
    const primary = query.primaryKey ?? '';
    const walked = await this.conversations.searchByCustomerWithin(
      primary,
      query.keys,
      limit,
      within,
      AGENT_WALK_CUSTOMERS,
    );
    if (walked) return walked;
    const found: string[] = [];
    for (const ids of chunksOf(readable)) {
      if (found.length >= limit) break;
      found.push(
        ...(await this.conversations.searchByCustomer(primary, query.keys, limit - found.length, ids)),
      );
    }
    return found;
  }

  /** Up to `limit` conversations, newest first, with their first matching messages (a supervisor's search). */
  private async collect(query: SearchQuery, limit: number): Promise<Map<string, SearchMatch[]>> {
    const [byMessage, byCustomer] = await Promise.all([
      this.matchingMessages(query, limit, {}).then((m) => m!),
      this.conversations.searchByCustomer(query.primaryKey ?? '', query.keys, limit),
    ]);
    return merged(byMessage, byCustomer, limit);
  }

  /**
   * Up to `limit` conversations whose messages match, newest first, with their first matches: of `ids` when given;
   * of `within` when given, walking every match and giving up (null) after `budget` of them.
   */
  private async matchingMessages(
    query: SearchQuery,
    limit: number,
    scope: { ids?: string[]; within?: Set<string>; budget?: number },
  ): Promise<Map<string, SearchMatch[]> | null> {
    const byMessage = new Map<string, SearchMatch[]>();
    let walked = 0;
    for await (const m of this.messages.searchMatches(query.primaryKey ?? '', query.keys, scope.ids)) {
      if (scope.budget !== undefined && ++walked > scope.budget) return null;
      if (scope.within && !scope.within.has(m.conversationId)) continue;
      const matches = byMessage.get(m.conversationId);
      if (matches && matches.length >= SEARCH_LIMITS.matchesPerConversation) continue;
      if (!matches && byMessage.size >= limit) break;
      const text = m.text ?? '';
      if (!findSearchHits(text, query.terms).complete) continue;
      const match = { seq: m.seq, snippet: searchSnippet(text, query.terms) };
      if (matches) matches.push(match);
      else byMessage.set(m.conversationId, [match]);
    }
    return byMessage;
  }
}

/** Readable ids a chunk at a time, newest first: a small first chunk, then growing ones. */
function* chunksOf(ids: string[]): Generator<string[]> {
  for (
    let at = 0, size = AGENT_CHUNK_FIRST;
    at < ids.length;
    at += size, size = Math.min(size * 4, AGENT_CHUNK_MAX)
  )
    yield ids.slice(at, at + size);
}

/** Both lists are newest first and each holds its own newest `limit`: the merged newest `limit` are among them. */
function merged(
  byMessage: Map<string, SearchMatch[]>,
  byCustomer: string[],
  limit: number,
): Map<string, SearchMatch[]> {
  const ids = [...new Set([...byMessage.keys(), ...byCustomer])].sort().reverse().slice(0, limit);
  return new Map(ids.map((id) => [id, byMessage.get(id) ?? []]));
}
