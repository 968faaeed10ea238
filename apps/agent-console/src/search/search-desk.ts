import type { ApiCall } from '@switchboard/client';
import { SEARCH_LIMITS, type SearchResponse, type SearchResult } from '@switchboard/protocol';
import { errorText } from '../shared/console-client';
import { navigate } from '../shared/router';
import { createStore, type Store } from '../shared/store';

export interface SearchState {
  /** The query the results on screen answer (trimmed). */
  q: string;
  status: 'idle' | 'loading' | 'done' | 'error';
  results: SearchResult[];
  /** Why the last search failed, in the reader's language. */
  error: string | null;
  /** A message to bring into view once its conversation is open (a search result's match). */
  jump: { conversationId: string; seq: number } | null;
}

/**
 * Search (PROTOCOL section 8): `GET /api/search` as the top bar's box types, answers arriving out of order dropped,
 * and opening a result: its conversation (read-only when it is not mine) scrolled to the matched message.
 */
export class SearchDesk {
  readonly store: Store<SearchState> = createStore<SearchState>({ q: '', status: 'idle', results: [], error: null, jump: null });
  private asked = 0;

  constructor(
    private readonly api: ApiCall,
    private readonly openConversation: (conversationId: string) => Promise<void>,
  ) {}

  async search(q: string): Promise<void> {
    const query = q.trim().slice(0, SEARCH_LIMITS.queryMaxLength);
    const ask = ++this.asked;
    if (!query) {
      this.store.set({ q: '', status: 'idle', results: [], error: null });
      return;
    }
    // The results on screen keep the query they answer (`q`, which their highlights use) until the next answer.
    this.store.set({ status: 'loading', error: null });
    try {
      const answer = await this.api<SearchResponse>(`/api/search?q=${encodeURIComponent(query)}&limit=${SEARCH_LIMITS.limitDefault}`);
      if (ask === this.asked) this.store.set({ q: query, status: 'done', results: answer.results });
    } catch (error) {
      if (ask === this.asked) this.store.set({ q: query, status: 'error', results: [], error: errorText(error) });
    }
  }

  clear(): void {
    this.asked++;
    this.store.set({ q: '', status: 'idle', results: [], error: null });
  }

  /** Opens the result's conversation in the inbox, at its first matching message when there is one. */
  async open(result: SearchResult): Promise<void> {
    const seq = result.matches[0]?.seq;
    this.store.set({ jump: seq === undefined ? null : { conversationId: result.conversation.id, seq } });
    navigate('inbox');
    await this.openConversation(result.conversation.id);
  }

  /** The thread has shown the message. */
  jumped(): void {
    this.store.set({ jump: null });
  }
}
