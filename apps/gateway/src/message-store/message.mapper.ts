import type { LastMessage, Message, SystemMessage } from '@switchboard/protocol';
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

const PREVIEW_LENGTH = 140;

export function previewOf(record: StoredMessage): LastMessage {
  const label =
    record.kind === 'image'
      ? '[image]'
      : record.kind === 'file'
        ? `[file] ${record.attachment?.name ?? ''}`
        : '';
  const text = [label, record.text ?? ''].filter(Boolean).join(' ').trim();
  return {
    seq: record.seq,
    preview: text.length > PREVIEW_LENGTH ? `${text.slice(0, PREVIEW_LENGTH - 1)}…` : text,
    senderType: record.sender.type,
    at: new Date(record.createdAt).toISOString(),
  };
}
