import { find } from 'linkifyjs';

export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/**
 * CJK punctuation (ideographic comma and full stop, brackets, full-width ，！？：；) ends a link: it is never
 * part of an address, and a Chinese or Japanese sentence puts it right after one without a space.
 */
const CJK_PUNCTUATION = /([\u3000-\u303f\uff00-\uffef]+)/;
/** Where a link really starts when linkifyjs took the word before it along (`请访问www.example.cn`). */
const LINK_START = /https?:\/\/|www\./i;

function safeHref(href: string, kind: string): string | null {
  if (kind === 'email') return href.startsWith('mailto:') ? href : null;
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function linksIn(chunk: string, push: (segment: TextSegment) => void): void {
  let cursor = 0;
  for (const found of find(chunk)) {
    let { start, value } = found;
    if (found.type === 'url') {
      // Only addresses written as such: with http(s):// or www. (not every word.tld).
      const at = value.search(LINK_START);
      if (at < 0) continue;
      start += at;
      value = value.slice(at);
    }
    const href =
      found.type === 'email' ? `mailto:${value}` : /^www\./i.test(value) ? `http://${value}` : value;
    const safe = found.type === 'email' || found.type === 'url' ? safeHref(href, found.type) : null;
    if (!safe) continue;
    push({ kind: 'text', text: chunk.slice(cursor, start) });
    push({ kind: 'link', text: value, href: safe });
    cursor = start + value.length;
  }
  push({ kind: 'text', text: chunk.slice(cursor) });
}

/**
 * Splits message text into plain text and links (http(s) and www. addresses, e-mail addresses), with
 * linkifyjs. The UIs render the segments as text nodes and anchors, so no markup in a message ever reaches
 * the DOM as HTML.
 */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  const push = (segment: TextSegment) => {
    const previous = segments[segments.length - 1];
    if (segment.kind === 'text' && previous?.kind === 'text') previous.text += segment.text;
    else if (segment.text) segments.push(segment);
  };
  text.split(CJK_PUNCTUATION).forEach((chunk, index) => {
    // split() with a capturing group puts the punctuation at the odd indexes.
    if (index % 2 === 1) push({ kind: 'text', text: chunk });
    else linksIn(chunk, push);
  });
  return segments;
}
