import type { LastMessage, Message } from './entities';

/** How long a conversation's `lastMessage.preview` may be, in characters a reader sees (grapheme clusters). */
export const PREVIEW_LENGTH = 140;

/** The English labels `preview` starts with for an image or a file; clients put their own language's instead. */
export const PREVIEW_LABELS = { image: '[image]', file: '[file]', recalled: '[message recalled]' } as const;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** `text` cut to `max` characters with an ellipsis, never inside a character (an emoji, a surrogate pair). */
function cut(text: string, max: number): string {
  // No text has more characters than UTF-16 units: most messages need no segmenting at all (it runs per message).
  if (text.length <= max) return text;
  let kept = 0;
  let graphemes = 0;
  for (const { segment } of segmenter.segment(text)) {
    graphemes++;
    if (graphemes === max) {
      // The max-th character is the last one only if nothing follows it.
      return kept + segment.length === text.length ? text : `${text.slice(0, kept)}…`;
    }
    kept += segment.length;
  }
  return text;
}

/**
 * The one-line summary of a message that lists show (`Conversation.lastMessage`): the gateway stores it and
 * a client that just received the message computes the same one.
 */
export function messagePreview(
  message: Pick<Message, 'seq' | 'kind' | 'text' | 'sender' | 'system'> & {
    attachment: { name: string } | null;
    createdAt: string | Date | number;
    /** Section 8: a recalled message's preview never shows what it held. */
    recalledAt?: string | Date | null;
  },
): LastMessage {
  if (message.recalledAt) {
    return {
      seq: message.seq,
      preview: PREVIEW_LABELS.recalled,
      senderType: message.sender.type,
      at: new Date(message.createdAt).toISOString(),
      kind: message.kind,
      recalled: true,
    };
  }
  const label =
    message.kind === 'image'
      ? PREVIEW_LABELS.image
      : message.kind === 'file'
        ? `${PREVIEW_LABELS.file} ${message.attachment?.name ?? ''}`
        : '';
  const text = [label, message.text ?? ''].filter(Boolean).join(' ').trim();
  return {
    seq: message.seq,
    preview: cut(text, PREVIEW_LENGTH),
    senderType: message.sender.type,
    at: new Date(message.createdAt).toISOString(),
    kind: message.kind,
    ...(message.system ? { system: message.system } : {}),
  };
}
