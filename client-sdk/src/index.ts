export * from './contract/index.js';
export * from './admin-client.js';
export * from './agent-client.js';
