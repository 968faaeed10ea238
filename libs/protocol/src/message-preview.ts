import type { LastMessage, Message } from './entities';

/** How long a conversation's `lastMessage.preview` may be. */
export const PREVIEW_LENGTH = 140;

/**
 * The one-line summary of a message that lists show (`Conversation.lastMessage`): the gateway stores it and
 * a client that just received the message computes the same one.
 */
export function messagePreview(
  message: Pick<Message, 'seq' | 'kind' | 'text' | 'sender'> & {
    attachment: { name: string } | null;
    createdAt: string | Date | number;
  },
): LastMessage {
  const label =
    message.kind === 'image'
      ? '[image]'
      : message.kind === 'file'
        ? `[file] ${message.attachment?.name ?? ''}`
        : '';
  const text = [label, message.text ?? ''].filter(Boolean).join(' ').trim();
  return {
    seq: message.seq,
    preview: text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text,
    senderType: message.sender.type,
    at: new Date(message.createdAt).toISOString(),
  };
}
