export { cannedRepliesApi, type CannedRepliesApi } from './canned-replies';
export {
  ConversationThread,
  TYPING_EXPIRY_MS,
  type ConversationThreadOptions,
  type Schedule,
  type ThreadClient,
  type ThreadSnapshot,
  type ThreadUpload,
  type TypingState,
} from './conversation-thread';
export { linkify, type TextSegment } from './linkify';
export { contiguousSeq, mergeBySeq, unsentOnly, updateInPlace } from './message-merge';
export { createStore, type ObservableStore } from './observable-store';
export { mayRecall, nextRecallExpiry, whenRecallEnds } from './recall-window';
export { pastedImage, type ClipboardFiles } from './pasted-image';
export { Outbox, type KeyValueStorage, type PendingMessage, type PendingStatus } from './outbox';
export { QueueList, compareQueue, isQueued, type QueueListState } from './queue-list';
export {
  apiRequest,
  customerAuth,
  login,
  staffAccounts,
  type ApiCall,
  type CustomerAuthRequest,
  type NewStaffAccount,
  type StaffAccountsApi,
} from './rest';
export { SequenceTracker, type Arrival } from './sequence-tracker';
export {
  SwitchboardClient,
  type ClientApi,
  type ClientEventMap,
  type ConnectionState,
  type RequestEvent,
  type SendBody,
  type SwitchboardClientOptions,
} from './switchboard-client';
export { SwitchboardError, isRetryable, type ClientErrorCode } from './switchboard-error';
