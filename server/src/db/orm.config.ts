import { defineConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { entities } from './entities/index.js';
import { migrationsList } from './migrations/index.js';

/** One ORM configuration for the server, the worker, the CLI and the tests. */
export function ormConfig(clientUrl: string) {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    // Listing migrations explicitly works under tsx, vitest and node alike (no .ts glob imports).
    migrations: {
      migrationsList,
      path: 'server/src/db/migrations',
      pathTs: 'server/src/db/migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: 10 },
    debug: false,
  });
}

// Used by the MikroORM CLI (npm run migration:create).
export default ormConfig(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/switchboard');
