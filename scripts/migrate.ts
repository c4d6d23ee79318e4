// Applies pending migrations to DATABASE_URL (creating the database if needed); `--seed` also seeds the
// demo account when SEED_DEMO is on. A second run is a no-op. Used by docker compose's `migrate` service.
import { loadConfig } from '../server/src/core/config.js';
import { prepareDatabase } from '../server/src/infra/prepare.js';

const config = loadConfig();
const r = await prepareDatabase(config, { seed: process.argv.includes('--seed') && config.SEED_DEMO });
console.log(
  r.applied.length ? `Applied ${r.applied.length} migration(s): ${r.applied.join(', ')}` : 'Database is up to date.',
);
if (r.seeded) console.log('Seeded the demo account.');
