// The server-side half of the contract: validating classes (class-validator decorators).
// Kept out of the browser entry point so consoles do not bundle class-validator.
export * from './auth.dto';
export * from './canned-replies.dto';
export * from './conversation.dto';
export * from './labels.dto';
export * from './message.dto';
export * from './not-blank.decorator';
export * from './notes.dto';
export * from './push-subscriptions.dto';
export * from './users.dto';
export * from './search.dto';
export * from './customer-profile.dto';
export * from './email-followup.dto';
export * from './reports.dto';
export * from './webhooks.dto';
export * from './api-tokens.dto';
export * from './rest-api.dto';
export * from './teams.dto';
