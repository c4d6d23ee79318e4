import { Migration } from '@mikro-orm/migrations';

/** The whole data model of docs/architecture.md (the model), with the constraints that belong in the database. */
export class Migration20261127000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "accounts" ("id" uuid not null, "name" varchar(200) not null, "owner_id" uuid null, "require2fa" boolean not null default false, "routing_strategy" text check ("routing_strategy" in ('balanced', 'round_robin')) not null default 'balanced', "owner_fallback" text check ("owner_fallback" in ('pool', 'wait')) not null default 'pool', "created_at" timestamptz not null, constraint "accounts_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create table "users" ("id" uuid not null, "account_id" uuid not null, "email" varchar(320) not null, "name" varchar(200) not null default '', "role" text check ("role" in ('admin', 'operator', 'developer', 'inbox_manager', 'service', 'sale')) not null, "status" text check ("status" in ('pending', 'active')) not null default 'pending', "password_hash" varchar(255) null, "capacity" int null, "totp_secret_enc" varchar(255) null, "totp_enabled_at" timestamptz null, "totp_last_step" bigint null, "created_at" timestamptz not null, "activated_at" timestamptz null, constraint "users_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_account_email_unique" unique ("account_id", "email");`);
    this.addSql(
      `create table "recovery_codes" ("id" uuid not null, "user_id" uuid not null, "code_hash" varchar(64) not null, "used_at" timestamptz null, "created_at" timestamptz not null, constraint "recovery_codes_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "recovery_codes_user_id_index" on "recovery_codes" ("user_id");`);
    this.addSql(
      `create table "teams" ("id" uuid not null, "account_id" uuid not null, "name" varchar(120) not null, "created_at" timestamptz not null, constraint "teams_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "teams" add constraint "teams_account_name_unique" unique ("account_id", "name");`);
    this.addSql(
      `create table "team_members" ("team_id" uuid not null, "user_id" uuid not null, "account_id" uuid not null, constraint "team_members_pkey" primary key ("team_id", "user_id"));`,
    );
    this.addSql(`create index "team_members_account_id_index" on "team_members" ("account_id");`);
    this.addSql(
      `create table "sessions" ("id" uuid not null, "account_id" uuid not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "stage" text check ("stage" in ('mfa', 'full')) not null default 'full', "ip" varchar(64) null, "user_agent" varchar(400) null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "sessions_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);
    this.addSql(`alter table "sessions" add constraint "sessions_token_hash_unique" unique ("token_hash");`);
    this.addSql(
      `create table "realtime_events" ("id" bigserial primary key, "account_id" uuid not null, "type" varchar(64) not null, "conversation_id" uuid null, "audience_user_ids" uuid[] not null default '{}', "audience_all" boolean not null default true, "admin_only" boolean not null default false, "payload" jsonb not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "realtime_events_account_id_idx" on "realtime_events" ("account_id", "id");`);
    this.addSql(`create index "realtime_events_created_idx" on "realtime_events" ("created_at");`);
    this.addSql(
      `create table "invitations" ("id" uuid not null, "account_id" uuid not null, "user_id" uuid not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, "created_at" timestamptz not null, constraint "invitations_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "invitations_user_id_index" on "invitations" ("user_id");`);
    this.addSql(`alter table "invitations" add constraint "invitations_token_hash_unique" unique ("token_hash");`);
    this.addSql(
      `create table "contacts" ("id" uuid not null, "account_id" uuid not null, "phone_number" varchar(32) not null, "name" varchar(200) not null default '', "owner_id" uuid null, "created_at" timestamptz not null, constraint "contacts_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "contacts_owner_id_index" on "contacts" ("owner_id");`);
    this.addSql(
      `alter table "contacts" add constraint "contacts_account_phone_unique" unique ("account_id", "phone_number");`,
    );
    this.addSql(
      `create table "channels" ("id" uuid not null, "account_id" uuid not null, "name" varchar(120) not null, "phone_number" varchar(32) not null, "default_team_id" uuid null, "created_at" timestamptz not null, constraint "channels_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "channels" add constraint "channels_account_phone_unique" unique ("account_id", "phone_number");`,
    );
    this.addSql(
      `create table "conversations" ("id" uuid not null, "account_id" uuid not null, "channel_id" uuid not null, "contact_id" uuid not null, "status" text check ("status" in ('unassigned', 'assigned', 'resolved')) not null default 'unassigned', "assignee_id" uuid null, "team_id" uuid null, "priority" smallint not null default 0, "queued_at" timestamptz not null, "assigned_at" timestamptz null, "resolved_at" timestamptz null, "last_message_at" timestamptz not null, "created_at" timestamptz not null, constraint "conversations_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create table "messages" ("id" bigserial primary key, "account_id" uuid not null, "conversation_id" uuid not null, "direction" text check ("direction" in ('inbound', 'outbound')) not null, "body" text not null, "provider_message_id" varchar(200) null, "author_id" uuid null, "author_name" varchar(200) null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "messages_conversation_id_index" on "messages" ("conversation_id");`);
    this.addSql(
      `alter table "messages" add constraint "messages_account_provider_id_unique" unique ("account_id", "provider_message_id");`,
    );
    this.addSql(
      `create table "audit_events" ("id" bigserial primary key, "account_id" uuid not null, "actor_user_id" uuid null, "actor_name" varchar(200) null, "action" varchar(64) not null, "target_type" varchar(32) not null, "target_id" varchar(64) null, "target_label" varchar(320) null, "before" jsonb null, "after" jsonb null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "audit_events_account_idx" on "audit_events" ("account_id", "id");`);
    this.addSql(
      `create table "assignment_events" ("id" bigserial primary key, "account_id" uuid not null, "conversation_id" uuid not null, "kind" text check ("kind" in ('auto', 'pick', 'assign', 'transfer', 'unassign', 'resolve', 'reopen', 'unroutable', 'requeue')) not null, "from_user_id" uuid null, "from_user_name" varchar(200) null, "to_user_id" uuid null, "to_user_name" varchar(200) null, "actor_user_id" uuid null, "actor_name" varchar(200) null, "to_team_id" uuid null, "reason" varchar(200) not null, "capacity_override" boolean not null default false, "explanation" jsonb null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "assignment_events_conversation_idx" on "assignment_events" ("conversation_id", "id");`);
    this.addSql(
      `create table "api_keys" ("id" uuid not null, "account_id" uuid not null, "name" varchar(120) not null, "prefix" varchar(16) not null, "key_hash" varchar(64) not null, "created_by_user_id" uuid null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_keys_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "api_keys" add constraint "api_keys_key_hash_unique" unique ("key_hash");`);
    this.addSql(
      `create table "agent_loads" ("user_id" uuid not null, "account_id" uuid not null, "ongoing" int not null default 0, "last_assigned_at" timestamptz null, constraint "agent_loads_pkey" primary key ("user_id"));`,
    );
    this.addSql(`create index "agent_loads_account_id_index" on "agent_loads" ("account_id");`);
    this.addSql(
      `alter table "accounts" add constraint "accounts_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "users" add constraint "users_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "recovery_codes" add constraint "recovery_codes_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "teams" add constraint "teams_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "team_members" add constraint "team_members_team_id_foreign" foreign key ("team_id") references "teams" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "team_members" add constraint "team_members_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "team_members" add constraint "team_members_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sessions" add constraint "sessions_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "realtime_events" add constraint "realtime_events_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "invitations" add constraint "invitations_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "invitations" add constraint "invitations_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "contacts" add constraint "contacts_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "contacts" add constraint "contacts_owner_id_foreign" foreign key ("owner_id") references "users" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "channels" add constraint "channels_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "channels" add constraint "channels_default_team_id_foreign" foreign key ("default_team_id") references "teams" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "conversations" add constraint "conversations_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "conversations" add constraint "conversations_channel_id_foreign" foreign key ("channel_id") references "channels" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "conversations" add constraint "conversations_contact_id_foreign" foreign key ("contact_id") references "contacts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "conversations" add constraint "conversations_assignee_id_foreign" foreign key ("assignee_id") references "users" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "conversations" add constraint "conversations_team_id_foreign" foreign key ("team_id") references "teams" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "messages" add constraint "messages_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "messages" add constraint "messages_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "messages" add constraint "messages_author_id_foreign" foreign key ("author_id") references "users" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "audit_events" add constraint "audit_events_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "assignment_events" add constraint "assignment_events_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "assignment_events" add constraint "assignment_events_conversation_id_foreign" foreign key ("conversation_id") references "conversations" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "api_keys" add constraint "api_keys_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "agent_loads" add constraint "agent_loads_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "agent_loads" add constraint "agent_loads_account_id_foreign" foreign key ("account_id") references "accounts" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "users" add constraint "users_capacity_non_negative" check ("capacity" is null or "capacity" >= 0);`,
    );
    this.addSql(`alter table "users" add constraint "users_email_lower_case" check ("email" = lower("email"));`);
    this.addSql(`alter table "users" add constraint "users_account_id_id_unique" unique ("account_id", "id");`);
    this.addSql(
      `alter table "accounts" add constraint "accounts_owner_same_account" foreign key ("id", "owner_id") references "users" ("account_id", "id") on delete restrict deferrable initially deferred;`,
    );
    this.addSql(`create unique index "teams_account_lower_name_unique" on "teams" ("account_id", lower("name"));`);
    this.addSql(`create index "team_members_user_id_index" on "team_members" ("user_id");`);
    this.addSql(
      `alter table "conversations" add constraint "conversations_assignee_matches_status" check (("status" <> 'assigned' or "assignee_id" is not null) and ("status" <> 'unassigned' or "assignee_id" is null));`,
    );
    this.addSql(
      `create unique index "conversations_one_ongoing_per_contact" on "conversations" ("channel_id", "contact_id") where "status" <> 'resolved';`,
    );
    this.addSql(
      `create index "conversations_queue_idx" on "conversations" ("account_id", "priority" desc, "queued_at", "id") where "status" = 'unassigned';`,
    );
    this.addSql(
      `create index "conversations_assignee_idx" on "conversations" ("assignee_id") where "status" = 'assigned';`,
    );
    this.addSql(
      `create index "conversations_account_created_idx" on "conversations" ("account_id", "created_at" desc);`,
    );
    this.addSql(`create index "conversations_contact_idx" on "conversations" ("contact_id");`);
    this.addSql(`alter table "agent_loads" add constraint "agent_loads_ongoing_non_negative" check ("ongoing" >= 0);`);
  }
}
