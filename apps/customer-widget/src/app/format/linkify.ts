export type TextSegment = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}]+$/;

/** Keeps a closing bracket that belongs to the URL itself, like in wikipedia.org/wiki/Foo_(bar). */
function trimTrailing(candidate: string): string {
  let url = candidate;
  for (;;) {
    const match = TRAILING_PUNCTUATION.exec(url);
    if (!match) return url;
    const last = url[url.length - 1];
    if (last === ')' && (url.match(/\(/g)?.length ?? 0) >= (url.match(/\)/g)?.length ?? 0)) return url;
    url = url.slice(0, -1);
  }
}

function safeHref(candidate: string): string | null {
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Splits message text into plain text and http(s) links. Everything is rendered as React text nodes and
 * anchors, so no markup in a message can ever reach the DOM as HTML.
 */
export function linkify(text: string): TextSegment[] {
  const segments: TextSegment[] = [];
  let cursor = 0;
  const push = (segment: TextSegment) => {
    const previous = segments[segments.length - 1];
    if (segment.kind === 'text' && previous?.kind === 'text') previous.text += segment.text;
    else if (segment.text) segments.push(segment);
  };
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index;
    const url = trimTrailing(match[0]);
    const href = safeHref(url);
    push({ kind: 'text', text: text.slice(cursor, start) });
    push(href ? { kind: 'link', text: url, href } : { kind: 'text', text: url });
    cursor = start + url.length;
  }
  push({ kind: 'text', text: text.slice(cursor) });
  return segments;
}
