// Mixed: agents connected, inbound traffic, admins changing capacities, all at once; agents stay a minute
// after the traffic so the queue can be seen to settle. Same environment variables as the three others.
import { config } from './lib/config.js';
import { adminsScenario, agentsScenario, inboundScenario, thresholds } from './lib/options.js';
import { adminIteration, agentFor, agentSession, inboundIteration } from './lib/scenarios.js';

export const options = {
  scenarios: {
    agents: agentsScenario(config),
    // Traffic starts once the agents had a few seconds to connect.
    inbound: inboundScenario(config, '5s'),
    admins: { ...adminsScenario(config), startTime: '5s' },
  },
  thresholds: thresholds(config, { inbound: true, agents: true, admins: true }),
};

export function agent() {
  agentSession(config, agentFor(config), config.durationMs + 20_000);
}

export function inbound() {
  inboundIteration(config);
}

export function admin() {
  adminIteration(config);
}
