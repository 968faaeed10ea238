// The browser-safe half of the contract: names, types and limits, no decorators.
export * from './attachments';
export * from './canned-replies';
export * from './conversation-rules';
export * from './customer-profile';
export * from './entities';
export * from './errors';
export * from './events';
export * from './labels';
export * from './limits';
export * from './message-preview';
export * from './notes';
export * from './push-subscriptions';
export * from './reasons';
export * from './recall';
export { SYSTEM_CATALOGUES, systemMessageKey, systemText } from './system-messages/system-text';
export * from './search';
export * from './search-keys';
export * from './settings';
