import { Migration } from '@mikro-orm/migrations';

/**
 * Snapshots are written once per batch (~700 KB at 10,000 agents) and read back whole only to explain a
 * decision: nothing queries inside them, so `json` (stored as sent) saves the jsonb parse and re-encode
 * on the routing transaction's path.
 */
export class Migration20261128100000RoutingSnapshotsJson extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "routing_snapshots" alter column "agents" type json using "agents"::json;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "routing_snapshots" alter column "agents" type jsonb using "agents"::jsonb;`);
  }
}
