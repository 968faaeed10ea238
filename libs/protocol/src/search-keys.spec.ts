import { findSearchHits, highlightParts, parseSearchQuery, searchKeys, searchSnippet, searchTerms, SEARCH_KEY_LIMITS } from './search-keys';

/** What a stored text must hold for the query to reach it through the index, and whether the text verifies. */
function finds(text: string, q: string): boolean {
  const keys = new Set(searchKeys(text));
  const query = parseSearchQuery(q);
  return query.keys.length > 0 && query.keys.every((k) => keys.has(k)) && findSearchHits(text, query.terms).complete;
}

describe('search keys', () => {
  it('CJK runs give their unigrams and bigrams; a query run is found by substring', () => {
    expect(searchKeys('退款了')).toEqual(['退', '款', '了', '退款', '款了']);
    expect(finds('我想申请退款，谢谢', '退款')).toBe(true);
    expect(finds('我想申请退款，谢谢', '申请退款')).toBe(true);
    expect(finds('我想申请退款，谢谢', '款')).toBe(true);
    expect(finds('我想申请退款，谢谢', '退货')).toBe(false);
  });

  it('bigrams that are all present but not next to each other do not verify', () => {
    const text = '退款申请，请退';
    const query = parseSearchQuery('申请退款');
    expect(query.keys.every((k) => searchKeys(text).includes(k))).toBe(true);
    expect(findSearchHits(text, query.terms).complete).toBe(false);
  });

  it('Japanese (Hiragana, Katakana with ー) and Korean (Hangul) are substring-searched too', () => {
    expect(finds('ご注文のキャンセルをお願いします', 'キャンセル')).toBe(true);
    expect(finds('ご注文のキャンセルをお願いします', 'ャンセ')).toBe(true);
    expect(finds('コーヒーを一つ', 'コーヒー')).toBe(true);
    expect(finds('환불 요청합니다', '요청')).toBe(true);
    // dakuten are not folded away in CJK: ガ is not カ
    expect(finds('ガラス', 'カラス')).toBe(false);
    // half-width katakana is the same as full-width
    expect(finds('ｷｬﾝｾﾙ', 'キャンセル')).toBe(true);
  });

  it('other text is found by word prefix, case-insensitively, accents and widths folded', () => {
    expect(searchKeys('Refund')).toEqual(['r', 're', 'ref', 'refu', 'refun', 'refund']);
    expect(finds('I would like a Refund please', 'refund')).toBe(true);
    expect(finds('I would like a Refund please', 'REF')).toBe(true);
    expect(finds('I would like a Refund please', 'fund')).toBe(false);
    expect(finds('Crème brûlée', 'creme brulee')).toBe(true);
    expect(finds('creme brulee', 'Crème')).toBe(true);
    expect(finds('ＡＢＣ order', 'abc')).toBe(true);
  });

  it('several words must all match, in any order', () => {
    expect(finds('the order was never delivered', 'delivered order')).toBe(true);
    expect(finds('the order was never delivered', 'order refund')).toBe(false);
  });

  it('mixed Chinese and English text, digits and punctuation', () => {
    const text = '订单号 A-1234：iPhone15 还没发货!';
    expect(searchTerms(text)).toEqual([
      { kind: 'cjk', text: '订单号' },
      { kind: 'word', text: 'a' },
      { kind: 'word', text: '1234' },
      { kind: 'word', text: 'iphone15' },
      { kind: 'cjk', text: '还没发货' },
    ]);
    expect(finds(text, 'iphone 发货')).toBe(true);
    expect(finds(text, '1234')).toBe(true);
    expect(finds(text, '123')).toBe(true);
    expect(finds('退款abc', 'abc')).toBe(true);
  });

  it('emoji and punctuation are separators and never keys; a query of only them has no keys', () => {
    expect(searchKeys('👍🎉!!! ...')).toEqual([]);
    expect(parseSearchQuery('🎉 ?!').keys).toEqual([]);
    expect(finds('great👍thanks', 'thanks')).toBe(true);
    expect(finds("don't worry", "don't")).toBe(true);
  });

  it('caps prefix length and keys per text', () => {
    const long = 'a'.repeat(40);
    expect(Math.max(...searchKeys(long).map((k) => k.length))).toBe(SEARCH_KEY_LIMITS.prefixMaxLength);
    expect(parseSearchQuery(long).keys).toEqual(['a'.repeat(SEARCH_KEY_LIMITS.prefixMaxLength)]);
    // the query word is still verified in full: a longer stored word that shares the first 20 letters does not match
    expect(finds(`${'a'.repeat(20)}b`, `${'a'.repeat(20)}c`)).toBe(false);
    const many = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}x`).join(' ');
    expect(searchKeys(many)).toHaveLength(SEARCH_KEY_LIMITS.keysPerTextMax);
  });

  it('name and email keys', () => {
    const keys = searchKeys('Ana Lima', 'Ana.Lima@Example.com');
    for (const k of ['ana', 'lima', 'example', 'com']) expect(keys).toContain(k);
    expect(parseSearchQuery('ana.lima@example.com').keys).toEqual(['example', 'lima', 'ana', 'com']);
  });

  it('the primary key is the most selective guess: the longest word prefix, a bigram over a unigram', () => {
    expect(parseSearchQuery('a refund').primaryKey).toBe('refund');
    expect(parseSearchQuery('款 退款').primaryKey).toBe('退款');
    expect(parseSearchQuery('...').primaryKey).toBeNull();
  });
});

describe('hits, snippets and highlights', () => {
  it('highlights matched terms, grapheme-aligned in the original text', () => {
    expect(highlightParts('Please REFUND my order', 'refund')).toEqual([
      { text: 'Please ', hit: false },
      { text: 'REFUND', hit: true },
      { text: ' my order', hit: false },
    ]);
    // a decomposed é stays whole inside the mark
    const text = 'Cafe\u0301 au lait';
    const parts = highlightParts(text, 'cafe');
    expect(parts[0]).toEqual({ text: 'Cafe\u0301', hit: true });
    expect(highlightParts('我想申请退款，谢谢', '退款')).toEqual([
      { text: '我想申请', hit: false },
      { text: '退款', hit: true },
      { text: '，谢谢', hit: false },
    ]);
  });

  it('a snippet is a window around the first hit with ellipses, never cutting a grapheme', () => {
    const before = '👩‍👩‍👧 '.repeat(60);
    const text = `${before}the refund is here ${'x'.repeat(300)}`;
    const snippet = searchSnippet(text, parseSearchQuery('refund').terms);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('the refund is here');
    // only whole family emoji before the hit
    expect(snippet.replace(/^…/u, '').split('the refund')[0].replace(/👩‍👩‍👧| /gu, '')).toBe('');
    expect(searchSnippet('short refund text', parseSearchQuery('refund').terms)).toBe('short refund text');
    expect(searchSnippet('line one\n\nrefund  here', parseSearchQuery('refund').terms)).toBe('line one refund here');
  });
});
