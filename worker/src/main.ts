import {
  checkServices,
  ConfigError,
  createLogger,
  explainProblems,
  loadConfig,
  onShutdown,
} from '../../server/src/worker-api.js';
import { startWorker } from './worker.js';

try {
  const config = loadConfig();
  const log = createLogger('worker');
  const problems = await checkServices(config.DATABASE_URL, config.REDIS_URL);
  if (problems.length) {
    console.error(explainProblems(problems));
    process.exit(1);
  }
  const worker = await startWorker(config, log);
  log.info('Switchboard worker started');
  onShutdown(log, 'worker', () => worker.close());
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
