import { it } from 'vitest';
import { proveIsolation } from '../support/isolation.js';

it('file B sees only its own data', async () => {
  await proveIsolation('isolation-B', 'isolation-A');
});
