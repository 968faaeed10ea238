import type { CannedReply } from '@switchboard/protocol';

/** The `/` list shows at most this many; typing more narrows it. */
export const MAX_SHOWN = 50;

/**
 * What the `/` list shows for `query` (what follows the `/`): every reply whose shortcut or text holds it, case
 * aside; shortcuts that start with it first, then shortcuts that hold it, then texts that do, each group in the
 * given order (the caller's own replies before the team's).
 */
export function matchCannedReplies(replies: readonly CannedReply[], query: string): CannedReply[] {
  const needle = query.trim().toLocaleLowerCase();
  if (!needle) return replies.slice(0, MAX_SHOWN);
  const rank = (reply: CannedReply): number => {
    const shortcut = reply.shortcut.toLocaleLowerCase();
    if (shortcut.startsWith(needle)) return 0;
    if (shortcut.includes(needle)) return 1;
    return reply.text.toLocaleLowerCase().includes(needle) ? 2 : -1;
  };
  return replies
    .map((reply, index) => ({ reply, index, rank: rank(reply) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, MAX_SHOWN)
    .map((entry) => entry.reply);
}

/**
 * The query of the `/` list while the message box holds one: the box starts with `/` and is still one line.
 * Null when the list has nothing to do with what is typed.
 */
export function slashQuery(text: string): string | null {
  return text.startsWith('/') && !text.includes('\n') ? text.slice(1) : null;
}
