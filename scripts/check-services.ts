// `npm test` starts here: a missing PostgreSQL or Redis is reported by name before vitest runs.
import { loadConfig } from '../server/src/core/config.js';
import { checkServices, explainProblems } from '../server/src/infra/services-check.js';

const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
const problems = await checkServices(config.DATABASE_URL, config.REDIS_URL);
if (problems.length) {
  console.error(explainProblems(problems));
  process.exit(1);
}
