import { ConfigError, loadConfig } from './core/config.js';
import { createLogger } from './core/logger.js';
import { checkServices, explainProblems } from './infra/services-check.js';
import { startServer } from './server.js';
import { onShutdown } from './infra/shutdown.js';

try {
  const config = loadConfig();
  const log = createLogger('server');
  const problems = await checkServices(config.DATABASE_URL, config.REDIS_URL);
  if (problems.length) {
    console.error(explainProblems(problems));
    process.exit(1);
  }
  const server = await startServer(config, log);
  log.info({ url: server.url }, `Switchboard server listening on ${server.url}`);
  onShutdown(log, 'server', () => server.close());
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
