import { translateSystemMessage, truncateText } from '@switchboard/i18n';
import {
  allowedActions,
  messagePreview,
  PREVIEW_LABELS,
  PREVIEW_LENGTH,
  type Conversation,
  type LastMessage,
  type Message,
  type Viewer,
} from '@switchboard/protocol';
import type { i18n as I18n } from 'i18next';

export function lastActivity(c: Conversation): number {
  return Date.parse(c.lastMessage?.at ?? c.assignedAt ?? c.createdAt);
}

/** "My conversations": the ones assigned to me and not closed, newest activity first. */
export function myConversations(all: Record<string, Conversation>, me: string): Conversation[] {
  return Object.values(all)
    .filter((c) => c.agentId === me && c.artificialType !== 'closed')
    .sort((a, b) => lastActivity(b) - lastActivity(a));
}

/** A transfer offered to `me`: the conversation's rules let me accept it. */
export function isOfferFor(c: Conversation, me: Viewer): boolean {
  return allowedActions(c, me).includes('accept_transfer');
}

/** Updates the cached conversation for a message that just arrived (the gateway does not resend it). */
export function withMessage(c: Conversation, m: Message): Conversation {
  if (m.seq <= c.lastSeq && c.lastMessage) return c;
  return { ...c, lastSeq: Math.max(c.lastSeq, m.seq), lastMessage: messagePreview(m) };
}

/**
 * A list's one line for the last message, in the reader's language: a system message from its code, an image or
 * a file under this language's label (the stored preview starts with the English one), text as it was written.
 */
export function previewText(i18n: Pick<I18n, 't' | 'exists'>, last: LastMessage): string {
  if (last.recalled) return i18n.t('preview.recalled');
  if (last.system) return truncateText(translateSystemMessage(i18n, { text: last.preview, system: last.system }), PREVIEW_LENGTH);
  if (last.kind === 'image' || last.kind === 'file') {
    const label = PREVIEW_LABELS[last.kind];
    if (last.preview.startsWith(label)) return `${i18n.t(`preview.${last.kind}`)}${last.preview.slice(label.length)}`;
  }
  return last.preview;
}
