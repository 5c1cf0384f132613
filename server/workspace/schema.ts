// The workspace database's tables, as the typed query layer (Kysely) sees them. One table holds every kind of shared
// record (招引需求 now; parcel status changes, imported layers, 整治 cases, block plans, projects next): what they
// share — an id per kind, a version, soft deletion, who changed it and when — is designed once here; what differs is
// the record's own data (jsonb), validated per kind by the parsers build-data uses (src/lib/data/records.ts).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** jsonb: written as JSON text, read back as the value. */
type Json = ColumnType<unknown, string, string>;

export interface RecordsTable {
  kind: string;
  id: string;
  data: Json;
  /** 1 on creation, +1 on every change (edit, delete, restore): an edit names the version it started from. */
  version: number;
  /** Soft deletion: set when removed, null again when restored. */
  deleted_at: Timestamp | null;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  updated_by: string;
}

export interface AuditTable {
  seq: Generated<string>;
  kind: string;
  record_id: string;
  action: 'create' | 'update' | 'delete' | 'restore';
  actor: string;
  at: Timestamp;
  /** The version the change produced. */
  version: number;
  before: Json | null;
  after: Json | null;
}

export interface UsersTable {
  name: string;
  role: 'admin' | 'planner' | 'investment' | 'viewer';
  password_hash: string;
  created_at: Timestamp;
  disabled: boolean;
}

/** A login session; `id` is the sha256 (hex) of the cookie's token, never the token itself. */
export interface SessionsTable {
  id: string;
  user_name: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export interface WorkspaceDb {
  records: RecordsTable;
  audit: AuditTable;
  users: UsersTable;
  sessions: SessionsTable;
}
