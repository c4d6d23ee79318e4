// Inbound flood: WhatsApp messages posted to the inbound API at RATE per second for DURATION, new contacts
// and follow-ups mixed (FOLLOW_UPS). `k6 run -e BASE_URL=https://… -e API_KEY=… -e CHANNEL=… -e RATE=200 load/k6/inbound-flood.js`
import { config } from './lib/config.js';
import { inboundScenario, thresholds } from './lib/options.js';
import { inboundIteration } from './lib/scenarios.js';

export const options = {
  scenarios: { inbound: inboundScenario(config) },
  thresholds: thresholds(config, { inbound: true }),
};

export function inbound() {
  inboundIteration(config);
}
