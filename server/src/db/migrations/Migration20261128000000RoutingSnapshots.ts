import { Migration } from '@mikro-orm/migrations';

/**
 * One row per routing batch that assigned something: the candidates as the batch saw them and the
 * batch's assignments in order. Automatic assignment events point here instead of each listing every
 * agent, which made history writes O(agents) per conversation; the full explanation is rebuilt by replay.
 */
export class Migration20261128000000RoutingSnapshots extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "routing_snapshots" ("id" uuid not null, "account_id" uuid not null, "created_at" timestamptz not null, "agents" jsonb not null, constraint "routing_snapshots_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "routing_snapshots_account_created_idx" on "routing_snapshots" ("account_id", "created_at");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "routing_snapshots";`);
  }
}
