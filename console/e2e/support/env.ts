import { resolve } from 'node:path';

const apiPort = Number(process.env.E2E_API_PORT ?? 38470);
const webPort = Number(process.env.E2E_WEB_PORT ?? 38471);
/** Shared by the stack script and the tests (both read the same env). */
export const E2E = {
  apiPort,
  webPort,
  apiUrl: `http://127.0.0.1:${apiPort}`,
  baseUrl: `http://127.0.0.1:${webPort}`,
  outboxDir: resolve(import.meta.dirname, '../../test-results/outbox'),
  stateFile: resolve(import.meta.dirname, '../../test-results/stack.json'),
  owner: { email: 'owner@demo.switchboard.test', password: 'switchboard-demo' },
  admin: { email: 'admin@demo.switchboard.test', password: 'switchboard-demo' },
  manager: { email: 'manager@demo.switchboard.test', password: 'switchboard-demo' },
};
