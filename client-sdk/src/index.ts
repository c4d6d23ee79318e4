export * from './errors.js';
export * from './events.js';
export * from './api-types.js';
export * from './admin-client.js';
export * from './agent-client.js';
