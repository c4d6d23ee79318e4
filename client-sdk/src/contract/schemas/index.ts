// The zod DTO schemas of the REST API: the server validates requests with them and generates its OpenAPI
// document from them; api-types.ts names the types they produce for SDK users.
export * from './text.js';
export * from './users.js';
export * from './auth.js';
export * from './twofa.js';
export * from './invitations.js';
export * from './teams.js';
export * from './audit.js';
export * from './conversations.js';
export * from './explanations.js';
export * from './availability.js';
export * from './channels.js';
export * from './contacts.js';
export * from './routing-settings.js';
export * from './api-keys.js';
export * from './inbound.js';
export * from './health.js';
export * from './load-board.js';
