// The wire contract: error codes, socket events and REST DTOs. The server, the worker, the load tools and the
// console import it as `@switchboard/client-sdk/contract`; it has no runtime dependency on the clients.
export * from './errors.js';
export * from './events.js';
export * from './api-types.js';
export * from './schemas/index.js';
export * from './explain.js';
