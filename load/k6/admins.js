// Admins: ADMINS admins changing agents' capacities every CAPACITY_EVERY, between CAPACITY_MIN and
// CAPACITY_MAX, while whatever traffic the deployment has flows.
import { config } from './lib/config.js';
import { adminsScenario, thresholds } from './lib/options.js';
import { adminIteration } from './lib/scenarios.js';

export const options = {
  scenarios: { admins: adminsScenario(config) },
  thresholds: thresholds(config, { admins: true }),
};

export function admin() {
  adminIteration(config);
}
