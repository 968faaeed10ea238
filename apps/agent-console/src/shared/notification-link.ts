// Shared by the page and the service worker (src/sw.ts): keep this file free of imports, so the worker stays small.

/** What the service worker posts to the console when one of its notifications is clicked. */
export const OPEN_CONVERSATION_MESSAGE = 'switchboard.open-conversation';
/** The query parameter a notification opens a new window with: /agent/?conversation=<id>. */
export const CONVERSATION_PARAM = 'conversation';

/** What a notification carries, so a click on it can open its conversation. */
export interface NotificationData {
  conversationId?: string;
}

/** One notification per conversation (a newer one replaces the older), one for the rest. */
export function notificationTag(conversationId?: string): string {
  return conversationId ? `switchboard:${conversationId}` : 'switchboard';
}
