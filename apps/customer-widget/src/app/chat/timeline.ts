import type { Message } from '@switchboard/protocol';
import { unsentOnly, type PendingMessage } from '@switchboard/client';
import type { Formatters } from '@switchboard/i18n';
import type { LocalUpload } from './chat-store';

export type TimelineItem =
  | { type: 'day'; key: string; label: string }
  | { type: 'system'; key: string; message: Message }
  /** Section 8: a recalled message keeps its place as one line ("You recalled a message"). */
  | { type: 'recalled'; key: string; message: Message; own: boolean }
  | { type: 'message'; key: string; message: Message; own: boolean; first: boolean; last: boolean }
  | { type: 'pending'; key: string; entry: PendingMessage }
  | { type: 'upload'; key: string; upload: LocalUpload };

const GROUP_GAP_MS = 5 * 60_000;

function isSystem(message: Message): boolean {
  return message.kind === 'system' || message.sender.type === 'system';
}

/**
 * Turns the conversation into what the list shows: day separators, system lines, and bubbles grouped by
 * sender (a name on the first of a run, an avatar on the last), then what is still on its way.
 */
export function buildTimeline(
  messages: Message[],
  pending: PendingMessage[],
  uploads: LocalUpload[],
  /** Day separators in the reader's language and timezone ("Today", "昨天", "Fri, Nov 20"). */
  format: Pick<Formatters, 'day' | 'dayKey'>,
  now: Date = new Date(),
): TimelineItem[] {
  const items: TimelineItem[] = [];
  let currentDay: string | null = null;
  const seen = new Set<number>();
  const addDay = (iso: string) => {
    const key = format.dayKey(iso);
    if (key === currentDay) return false;
    currentDay = key;
    items.push({ type: 'day', key: `day-${key}`, label: format.day(iso, now) });
    return true;
  };

  let previous: Message | null = null;
  for (const message of messages) {
    if (seen.has(message.seq)) continue; // never one seq twice, whatever the caller passed
    seen.add(message.seq);
    const newDay = addDay(message.createdAt);
    if (isSystem(message)) {
      items.push({ type: 'system', key: `m-${message.seq}`, message });
      previous = null;
      continue;
    }
    if (message.recalledAt) {
      items.push({ type: 'recalled', key: `m-${message.seq}`, message, own: message.sender.type === 'customer' });
      previous = null;
      continue;
    }
    const continues =
      !newDay &&
      previous !== null &&
      previous.sender.id === message.sender.id &&
      Date.parse(message.createdAt) - Date.parse(previous.createdAt) < GROUP_GAP_MS;
    items.push({
      type: 'message',
      key: `m-${message.seq}`,
      message,
      own: message.sender.type === 'customer',
      first: !continues,
      last: false,
    });
    previous = message;
  }
  // A bubble ends its run (and gets the avatar) unless the next item continues it: another sender, a day
  // separator or a system line ends it too.
  items.forEach((item, index) => {
    if (item.type !== 'message') return;
    const next = items[index + 1];
    item.last = !(next?.type === 'message' && !next.first);
  });

  const unsent = unsentOnly(pending, messages);
  if (unsent.length > 0 || uploads.length > 0) addDay(now.toISOString());
  for (const entry of unsent) items.push({ type: 'pending', key: `p-${entry.clientMsgId}`, entry });
  for (const upload of uploads) items.push({ type: 'upload', key: upload.id, upload });
  return items;
}
