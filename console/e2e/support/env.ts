import { resolve } from 'node:path';

const port = Number(process.env.E2E_PORT ?? 38471);
/** Shared by the stack script and the tests (both read the same env). */
export const E2E = {
  port,
  /** One origin, as in production: the server serves console/dist beside the API. */
  baseUrl: `http://127.0.0.1:${port}`,
  outboxDir: resolve(import.meta.dirname, '../../test-results/outbox'),
  stateFile: resolve(import.meta.dirname, '../../test-results/stack.json'),
  owner: { email: 'owner@demo.switchboard.test', password: 'switchboard-demo' },
  admin: { email: 'admin@demo.switchboard.test', password: 'switchboard-demo' },
  /** The demo seed's inbound API key and WhatsApp number (server/src/db/seed.ts). */
  inbound: { apiKey: 'sbk_demo_inbound_key_do_not_use_in_production', channelPhone: '+15550100' },
  manager: { email: 'manager@demo.switchboard.test', password: 'switchboard-demo' },
};
