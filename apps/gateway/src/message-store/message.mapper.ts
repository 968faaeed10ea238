import { messagePreview, searchKeys, type LastMessage, type Message, type Sender, type SystemMessage } from '@switchboard/protocol';
import type { StoredMessage } from './schemas/message.schema';

export function toMessage(record: StoredMessage): Message {
  return {
    id: record._id.toHexString(),
    conversationId: record.conversationId,
    seq: record.seq,
    clientMsgId: record.sender.type === 'system' ? null : (record.clientMsgId ?? null),
    sender: { id: record.sender.id, type: record.sender.type, name: record.sender.name },
    kind: record.kind,
    text: record.text ?? null,
    attachment: record.attachment ?? null,
    ...(record.system
      ? { system: { code: record.system.code, params: record.system.params } as SystemMessage }
      : {}),
    createdAt: new Date(record.createdAt).toISOString(),
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
