// Issue 15's email follow-up (PROTOCOL section 9): the link in the email resumes the chat.
import type { Conversation } from './entities';
import type { CustomerAuthResponse } from './events';

/** Where the widget finds the link's token: the fragment of its page (`#resume=…`), which no server or log sees. */
export const RESUME_FRAGMENT_KEY = 'resume';

/** `POST /api/widget/resume` (anyone with the link): the link's token, and the browser's visitorId if it has one. */
export interface EmailResumeRequest {
  token: string;
  visitorId?: string;
}

/** A customer session for the link's customer, and the conversation it opens. */
export interface EmailResumeResponse extends CustomerAuthResponse {
  conversation: Conversation;
}
