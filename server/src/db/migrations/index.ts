import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127000000Initial } from './Migration20261127000000Initial.js';
import { Migration20261128000000RoutingSnapshots } from './Migration20261128000000RoutingSnapshots.js';
import { Migration20261128100000RoutingSnapshotsJson } from './Migration20261128100000RoutingSnapshotsJson.js';

/** Every migration, in order. Add new ones at the end. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261127000000Initial', class: Migration20261127000000Initial },
  { name: 'Migration20261128000000RoutingSnapshots', class: Migration20261128000000RoutingSnapshots },
  { name: 'Migration20261128100000RoutingSnapshotsJson', class: Migration20261128100000RoutingSnapshotsJson },
];
