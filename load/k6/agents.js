// Agents: AGENTS agents on Socket.IO for DURATION, acknowledging each assignment and resolving it after a
// random hold (HOLD), a share of them (PAUSE_RATIO) pausing and resuming. Credentials from USERS_FILE or the demo users.
import { config } from './lib/config.js';
import { agentsScenario, thresholds } from './lib/options.js';
import { agentFor, agentSession } from './lib/scenarios.js';

export const options = {
  scenarios: { agents: agentsScenario(config) },
  thresholds: thresholds(config, { agents: true }),
};

export function agent() {
  agentSession(config, agentFor(config), config.durationMs);
}
