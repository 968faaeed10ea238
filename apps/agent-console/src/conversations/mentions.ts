/** Pure text helpers of the note composer's `@` mentions (no React, so they are tested on their own). */

export interface MentionQuery {
  /** Where the `@` is. */
  start: number;
  /** What was typed after it, up to the caret. */
  query: string;
}

export interface Mentionable {
  id: string;
  name: string;
}

/** Longest a name typed after `@` may run before the list closes (names have spaces: "Ana Li"). */
const QUERY_MAX = 40;

/**
 * The `@name` being typed at the caret, if any: an `@` that does not follow a Latin letter, digit or `._%+-` (so
 * "Mail ana@example.com" opens nothing, while Chinese "请@Bo" and "你好，@" do: Chinese puts no space before it), then
 * no line break and no second `@`, not starting or (just now) ending with a space: "@Bob " is a finished mention.
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && /[A-Za-z0-9._%+-]/.test(before[at - 1]))) return null;
  const query = before.slice(at + 1);
  if (query.length > QUERY_MAX || /[\n@]/.test(query) || /^\s|\s$/.test(query)) return null;
  return { start: at, query };
}

/** Colleagues whose name has a word starting with the query (case-insensitive; any substring for CJK names). */
export function matchMentionables<T extends Mentionable>(people: T[], query: string): T[] {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return people;
  return people.filter((p) => {
    const name = p.name.toLocaleLowerCase();
    return /[\u3000-\u9fff\uac00-\ud7af]/.test(q) ? name.includes(q) : name.split(/\s+/).some((w) => w.startsWith(q)) || name.startsWith(q);
  });
}

/** Replaces the `@query` at `query.start` (up to the caret) with `@Name `; returns the text and the new caret. */
export function insertMention(text: string, query: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  return { text: text.slice(0, query.start) + inserted + text.slice(caret), caret: query.start + inserted.length };
}

/** The ids of the picked colleagues whose `@Name` is still in the text, each once, in the order picked. */
export function mentionedIds(text: string, picked: Mentionable[]): string[] {
  const ids: string[] = [];
  for (const p of picked) if (text.includes(`@${p.name}`) && !ids.includes(p.id)) ids.push(p.id);
  return ids;
}
