// The browser-safe half of the contract: names, types and limits, no decorators.
export * from './attachments';
export * from './canned-replies';
export * from './conversation-rules';
export * from './entities';
export * from './errors';
export * from './events';
export * from './limits';
export * from './message-preview';
export * from './reasons';
