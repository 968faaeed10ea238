import { messagePreview, searchKeys, type LastMessage, type Message, type ReplyTo, type Sender, type SystemMessage } from '@switchboard/protocol';
import type { StoredMessage } from './schemas/message.schema';

/** How a reader gets a message: as everyone does, or (supervisors' includeRecalled) with a recalled one's original. */
export type MessageView = 'reader' | 'original';

function replyToOf(record: StoredMessage): ReplyTo | null {
  const quoted = record.replyTo;
  if (!quoted) return null;
  const recalled = quoted.recalled === true;
  return { seq: quoted.seq, preview: recalled ? '' : quoted.preview, senderName: quoted.senderName, recalled };
}

export function toMessage(record: StoredMessage, view: MessageView = 'reader'): Message {
  const recalled = Boolean(record.recalledAt);
  const hidden = recalled && view === 'reader';
  return {
    id: record._id.toHexString(),
    conversationId: record.conversationId,
    seq: record.seq,
    clientMsgId: record.sender.type === 'system' ? null : (record.clientMsgId ?? null),
    sender: { id: record.sender.id, type: record.sender.type, name: record.sender.name },
    kind: record.kind,
    text: hidden ? null : (record.text ?? null),
    attachment: hidden ? null : (record.attachment ?? null),
    ...(record.system
      ? { system: { code: record.system.code, params: record.system.params } as SystemMessage }
      : {}),
    createdAt: new Date(record.createdAt).toISOString(),
    recalledAt: record.recalledAt ? new Date(record.recalledAt).toISOString() : null,
    recallableUntil: !recalled && record.recallableUntil ? new Date(record.recallableUntil).toISOString() : null,
    replyTo: replyToOf(record),
    ...(view === 'original' ? { recalled } : {}),
  };
}

/** The conversation's `lastMessage`, computed as every client computes it (libs/protocol). */
export function previewOf(record: StoredMessage): LastMessage {
  return messagePreview(record);
}

/** Search keys of a message: its text or caption when a customer or an agent wrote it; system messages have none. */
export function messageSearchKeys(message: { sender: Pick<Sender, 'type'>; text: string | null }): string[] {
  return message.sender.type === 'system' ? [] : searchKeys(message.text);
}
