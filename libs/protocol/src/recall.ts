/**
 * Recalling a message, and quoting one (PROTOCOL section 8). A recalled message keeps its seq and sender; every
 * reader gets it with `text: null` and `attachment: null`. Supervisors read the original through
 * `GET /api/conversations/:id/messages?includeRecalled=true`.
 */

/** How long after `createdAt` the sender may recall a message, when RECALL_WINDOW_S is not set. */
export const RECALL_WINDOW_DEFAULT_S = 120;

/** The kinds of message a sender may recall (system messages are nobody's to recall). */
export const RECALLABLE_KINDS = ['text', 'image', 'file'] as const;

/** `message.recall` (both namespaces): the sender's own message, within the window. Answers the recalled Message. */
export interface RecallMessagePayload {
  conversationId: string;
  seq: number;
}

/** `Message.replyTo`: what a message quotes, as it was when quoted (the preview is bounded like lastMessage's). */
export interface ReplyTo {
  seq: number;
  /** messagePreview's text of the quoted message; '' once that message is recalled. */
  preview: string;
  senderName: string;
  /** The quoted message was recalled: show "message recalled", never a preview. */
  recalled: boolean;
}

/** Whether `now` is still inside the recall window of a message created at `createdAt`. */
export function withinRecallWindow(createdAt: string | Date, windowS: number, now: Date | number = Date.now()): boolean {
  return +new Date(now) - +new Date(createdAt) <= windowS * 1000;
}

/** Milliseconds until the recall window of a message closes (0 when it has). */
export function recallWindowLeftMs(createdAt: string | Date, windowS: number, now: Date | number = Date.now()): number {
  return Math.max(0, +new Date(createdAt) + windowS * 1000 - +new Date(now));
}
