// Versioned migrations of the workspace database, run by Kysely's Migrator in name order and recorded in its own
// table, so the same SQL brings an empty PGlite folder or a PostgreSQL server to the current schema. Only what both
// run identically is used (PGlite is PostgreSQL compiled to WebAssembly): standard types, jsonb, bigserial.
// A migration is never edited once released; a change is a new one.
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const MIGRATIONS: Record<string, Migration> = {
  '0001-records-audit-users': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('records')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('data', 'jsonb', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
        .addColumn('deleted_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('records_pk', ['kind', 'id'])
        .execute();
      await db.schema
        .createTable('audit')
        .addColumn('seq', 'bigserial', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('create', 'update', 'delete', 'restore')`))
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('before', 'jsonb')
        .addColumn('after', 'jsonb')
        .execute();
      await db.schema.createIndex('audit_record').on('audit').columns(['kind', 'record_id', 'seq']).execute();
      await db.schema
        .createTable('users')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'planner', 'investment', 'viewer')`))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
        .execute();
    },
  },
  // Login sessions (issue 14 part 2). The id is the sha256 of the cookie's random token: a leaked table or backup
  // cannot be replayed as cookies. A user's sessions go with the user.
  '0002-sessions': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_name', 'text', (c) => c.notNull().references('users.name').onDelete('cascade'))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

export const MIGRATION_NAMES = Object.keys(MIGRATIONS).sort();
