/**
 * Search keys (PROTOCOL section 8, "Search"): the pure tokenizer the gateway stores on every message and
 * conversation, the query's keys, and the hit finder both the gateway (snippets, verification) and the console
 * (<mark>) use, so what is found and what is highlighted are the same thing.
 *
 * Chinese, Japanese and Korean text (Han, Hiragana, Katakana, Hangul) is searched by substring: each run of those
 * characters gives its unigrams and bigrams, and a query run must have every one of its bigrams (or its unigram).
 * Other text is searched by word prefix: NFKC, lower case and diacritics folded, each word gives its prefixes of
 * 1 to SEARCH_KEY_LIMITS.prefixMaxLength code points. No stemming, no synonyms.
 */

export const SEARCH_KEY_LIMITS = {
  /** Word prefixes are stored up to this many code points; a longer query word is looked up by its first ones. */
  prefixMaxLength: 20,
  /** Distinct keys kept for one text (the first ones met); a longer text is found by its beginning. */
  keysPerTextMax: 1000,
} as const;

/** A search term: a run of CJK characters (substring) or a word (prefix), already folded. */
export interface SearchTerm {
  kind: 'cjk' | 'word';
  text: string;
}

const CJK_CHAR = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC\uFF70`;
const IS_CJK = new RegExp(`^[${CJK_CHAR}]+$`, 'u');
/** A word character that is not CJK: a letter, digit or mark of any other script. */
const WORD_CHAR = String.raw`(?:(?![${CJK_CHAR}])[\p{L}\p{N}\p{M}])`;
const TOKEN = new RegExp(`([${CJK_CHAR}]+)|(${WORD_CHAR}+)`, 'gu');
const IS_WORD_CHAR = new RegExp(`^${WORD_CHAR}$`, 'u');
const NONSPACING_MARKS = /\p{Mn}/gu;

/** Case and compatibility folding (full-width letters, half-width katakana, ligatures). */
const foldCase = (text: string): string => text.normalize('NFKC').toLowerCase();
/** Accents off non-CJK text ("Crème" → "creme"); CJK keeps its marks (ガ stays ガ). */
const foldMarks = (word: string): string => word.normalize('NFD').replace(NONSPACING_MARKS, '').normalize('NFC');

/** The terms of a text in order: CJK runs and folded words. */
export function searchTerms(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  for (const match of foldCase(text).matchAll(TOKEN)) {
    if (match[1]) terms.push({ kind: 'cjk', text: match[1] });
    else {
      const word = foldMarks(match[2] ?? '');
      if (word) terms.push({ kind: 'word', text: word });
    }
  }
  return terms;
}

function cjkKeys(run: string, unigrams: boolean): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const keys: string[] = unigrams ? [...chars] : [];
  for (let i = 0; i + 1 < chars.length; i++) keys.push(chars[i] + chars[i + 1]);
  return keys;
}

/** The keys to store for a text (message text or caption, a customer's name and email): distinct, capped. */
export function searchKeys(...texts: (string | null | undefined)[]): string[] {
  const keys = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const term of searchTerms(text)) {
      const add =
        term.kind === 'cjk'
          ? cjkKeys(term.text, true)
          : Array.from(term.text)
              .slice(0, SEARCH_KEY_LIMITS.prefixMaxLength)
              .map((_, i, chars) => chars.slice(0, i + 1).join(''));
      for (const key of add) {
        keys.add(key);
        if (keys.size >= SEARCH_KEY_LIMITS.keysPerTextMax) return [...keys];
      }
    }
  }
  return [...keys];
}

/** A parsed query: its terms (each must be found) and the index keys that every match must hold. */
export interface SearchQuery {
  terms: SearchTerm[];
  /** Distinct, the likeliest to be rare first; empty when the query has no searchable character (emoji only). */
  keys: string[];
  /** The key guessed to be rarest (the longest), to walk the index by when nothing better is known. */
  primaryKey: string | null;
}

/** How selective a key probably is: a long word prefix beats a short one, a CJK bigram a unigram. */
function keyWeight(key: string): number {
  const chars = Array.from(key);
  if (IS_CJK.test(key)) return chars.length === 2 ? 4 : 1;
  return chars.length;
}

export function parseSearchQuery(q: string): SearchQuery {
  const terms = searchTerms(q);
  const keys = new Set<string>();
  for (const term of terms) {
    if (term.kind === 'cjk') for (const key of cjkKeys(term.text, false)) keys.add(key);
    else keys.add(Array.from(term.text).slice(0, SEARCH_KEY_LIMITS.prefixMaxLength).join(''));
  }
  // Stable: among keys of one weight, the query's order.
  const list = [...keys].sort((a, b) => keyWeight(b) - keyWeight(a));
  return { terms, keys: list, primaryKey: list[0] ?? null };
}

/** [start, end) in UTF-16 code units of the original text. */
export interface TextRange {
  start: number;
  end: number;
}

let graphemes: Intl.Segmenter | undefined;

/** The text folded grapheme by grapheme, with where each grapheme starts in the folded and in the original text. */
function foldedGraphemes(text: string) {
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let folded = '';
  const foldedStarts: number[] = [];
  const originalStarts: number[] = [];
  for (const { segment, index } of graphemes.segment(text)) {
    foldedStarts.push(folded.length);
    originalStarts.push(index);
    const lower = foldCase(segment);
    folded += IS_CJK.test(lower) ? lower : foldMarks(lower);
  }
  foldedStarts.push(folded.length);
  originalStarts.push(text.length);
  return { folded, foldedStarts, originalStarts };
}

/** The grapheme holding folded offset `at` (the last one starting at or before it). */
function graphemeAt(starts: number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The whole character (surrogate pairs kept together) before offset `at`, '' at the start. */
function charBefore(text: string, at: number): string {
  if (at <= 0) return '';
  const low = text.charCodeAt(at - 1);
  if (at >= 2 && low >= 0xdc00 && low <= 0xdfff) return text.slice(at - 2, at);
  return text.slice(at - 1, at);
}

export interface SearchHits {
  /** Sorted, merged ranges of the original text that match a term. */
  ranges: TextRange[];
  /** Every term was found at least once. */
  complete: boolean;
  /** Grapheme index of the first hit, -1 when none. */
  firstGrapheme: number;
  /** Where each grapheme starts in the original text (one more entry: the text's length). */
  graphemeStarts: number[];
}

/** Where the terms occur in `text`: CJK runs anywhere, words at the start of a word. Grapheme-aligned. */
export function findSearchHits(text: string, terms: SearchTerm[]): SearchHits {
  const { folded, foldedStarts, originalStarts } = foldedGraphemes(text);
  const found: [number, number][] = [];
  let complete = terms.length > 0;
  for (const term of terms) {
    let any = false;
    for (let at = folded.indexOf(term.text); at >= 0; at = folded.indexOf(term.text, at + 1)) {
      if (term.kind === 'word' && IS_WORD_CHAR.test(charBefore(folded, at))) continue;
      any = true;
      const first = graphemeAt(foldedStarts, at);
      const last = graphemeAt(foldedStarts, at + term.text.length - 1);
      found.push([first, last + 1]);
    }
    if (!any) complete = false;
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const [s, e] of found) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return {
    ranges: merged.map(([s, e]) => ({ start: originalStarts[s], end: originalStarts[e] })),
    complete,
    firstGrapheme: merged.length > 0 ? merged[0][0] : -1,
    graphemeStarts: originalStarts,
  };
}

export const SNIPPET_LIMITS = {
  /** Graphemes of the snippet. */
  length: 120,
  /** Graphemes kept before the first hit. */
  before: 30,
} as const;

/** A window of `text` around its first hit (whole graphemes, white space collapsed), "…" where it was cut. */
export function searchSnippet(text: string, terms: SearchTerm[]): string {
  const hits = findSearchHits(text, terms);
  const count = hits.graphemeStarts.length - 1;
  const first = Math.max(hits.firstGrapheme, 0);
  let from = Math.max(0, first - SNIPPET_LIMITS.before);
  const to = Math.min(count, from + SNIPPET_LIMITS.length);
  from = Math.max(0, Math.min(from, to - SNIPPET_LIMITS.length));
  const window = text.slice(hits.graphemeStarts[from], hits.graphemeStarts[to]).replace(/\s+/gu, ' ').trim();
  return `${from > 0 ? '…' : ''}${window}${to < count ? '…' : ''}`;
}

/** `text` cut into plain and matching parts, for highlighting (the console wraps the matching ones in <mark>). */
export function highlightParts(text: string, q: string): { text: string; hit: boolean }[] {
  const { ranges } = findSearchHits(text, parseSearchQuery(q).terms);
  const parts: { text: string; hit: boolean }[] = [];
  let at = 0;
  for (const r of ranges) {
    if (r.start > at) parts.push({ text: text.slice(at, r.start), hit: false });
    parts.push({ text: text.slice(r.start, r.end), hit: true });
    at = r.end;
  }
  if (at < text.length) parts.push({ text: text.slice(at), hit: false });
  return parts;
}
