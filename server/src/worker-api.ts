/**
 * Everything the worker process may use from the server, in one place. The worker imports only this
 * module, so what it depends on is visible (and reviewable) here instead of spread over deep paths.
 */
export { ConfigError, loadConfig, type Config } from './core/config.js';
export { createLogger } from './core/logger.js';
export { createContext, type AppContext } from './infra/context.js';
export { JOBS, QUEUES } from './infra/keys.js';
export { createMetrics } from './infra/metrics.js';
export { createRedis } from './infra/redis.js';
export { checkServices, explainProblems } from './infra/services-check.js';
export { onShutdown } from './infra/shutdown.js';
export { registerRoutingMetrics } from './routing/routing.metrics.js';
export { routingFor, type Routing } from './routing/routing.module.js';
export { routeAccountPayload } from './routing/routing.queue.js';
