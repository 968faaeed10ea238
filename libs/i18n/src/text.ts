// Text measured in characters the reader sees (grapheme clusters), never in UTF-16 units or bytes, so truncation
// never cuts a Chinese character, an emoji or a combining mark in half.

const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

export function graphemes(text: string): string[] {
  return segmenter ? Array.from(segmenter.segment(text), (part) => part.segment) : Array.from(text);
}

/** `text` cut to at most `max` characters, with an ellipsis when it was longer. */
export function truncateText(text: string, max: number): string {
  const parts = graphemes(text);
  return parts.length <= max ? text : `${parts.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** The first character of a name (a Chinese surname, a Latin initial), upper-cased, for avatars; "?" when empty. */
export function avatarInitial(name: string | null | undefined): string {
  const [first] = graphemes((name ?? '').trim());
  return first ? first.toLocaleUpperCase() : '?';
}
