/**
 * The gateway's tables as Kysely sees them. Times are epoch milliseconds in
 * 64-bit integer columns and flags are 0/1 integers, so the same schema runs on
 * SQLite and PostgreSQL. Record fields are one JSON text column: the object
 * catalog, not the table layout, says which fields exist, so a package version
 * that adds a field needs no ALTER TABLE.
 */
export interface DatabaseSchema {
  responsibilities: ResponsibilitiesTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  sites: SitesTable;
  records: RecordsTable;
  record_user_keys: RecordUserKeysTable;
  operation_log: OperationLogTable;
  gateway_meta: GatewayMetaTable;
  packages: PackagesTable;
  replacement_jobs: ReplacementJobsTable;
  replacement_steps: ReplacementStepsTable;
  replacement_extract_records: ReplacementExtractRecordsTable;
  claim_throttle: ClaimThrottleTable;
}

export interface PackagesTable {
  responsibility_id: string;
  revision: number;
  /** `<info id>@<version>`: what clients cache and send back as packageId. */
  package_id: string;
  version: string;
  hash: string;
  structure_hash: string;
  /** The files as published, JSON `[{ name, content }]`: served byte for byte. */
  files: string;
  published_at: number;
  published_by: string;
}

export type Visibility = 'personal' | 'team' | 'organization' | 'all';

export interface ResponsibilitiesTable {
  responsibility_id: string;
  name: string;
  visibility: Visibility;
  is_admin: number;
}

export interface UsersTable {
  user_id: string;
  user_name: string;
  display_name: string;
  password_hash: string;
  responsibility_id: string;
  team_id: string | null;
  org_id: string;
  created_at: number;
}

export interface SessionsTable {
  /** SHA-256 of the token: a copy of the database does not hand out live sessions. */
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
}

export interface LoginThrottleTable {
  user_name: string;
  failures: number;
  locked_until: number;
}

export interface SitesTable {
  site_id: string;
  database_id: string;
  user_id: string;
  device_name: string;
  /** revoked: replacement step 3 took its database id away; replaced: step 4 dropped its server-side entries. */
  status: 'active' | 'revoked' | 'replaced';
  registered_at: number;
  last_sync_at: number | null;
  revoked_at: number | null;
  /** The device's outbox count at its last ReportDevice, and when (migration 0006). */
  unsent_changes: number | null;
  unsent_reported_at: number | null;
  /** The rep's filter choice at the last ReportDevice, JSON FilterChoice. */
  filter_choice: string | null;
}

export interface RecordsTable {
  row_id: string;
  object_type: string;
  /** DB_LAST_UPD in epoch ms; strictly increasing per record. */
  db_last_upd: number;
  mod_num: number;
  owner_id: string;
  team_id: string | null;
  org_id: string;
  updated_by: string;
  fields: string;
  /**
   * The change-key hash of (row_id, db_last_upd) in four 30-bit parts (migration 0004,
   * records/key-hash-columns.ts). Required here so that no insert can leave it out; every
   * update of db_last_upd sets them too.
   */
  key_hash_0: number;
  key_hash_1: number;
  key_hash_2: number;
  key_hash_3: number;
}

/**
 * One row per user key of a record, holding its normalised value. The primary key
 * makes the database itself refuse a duplicate, even between gateway processes.
 */
export interface RecordUserKeysTable {
  object_type: string;
  key_name: string;
  key_value: string;
  row_id: string;
}

export interface OperationLogTable {
  user_id: string;
  operation_id: string;
  operation: string;
  request_hash: string;
  response: string;
  created_at: number;
  /** The site (device) that sent it, when it sent its database id (migration 0003). */
  site_id: string | null;
}

export interface GatewayMetaTable {
  key: string;
  value: string;
}

/** A device replacement job; its state is derived from its steps (next-replacement-step.ts). */
export interface ReplacementJobsTable {
  job_id: string;
  site_id: string;
  user_id: string;
  requested_by: string;
  requested_at: number;
  /** Plain text for administrators to read to the rep, until claimed or replaced by a new code. */
  claim_code: string | null;
  /** SHA-256 of the normalised code: what a claim is checked against (kept after the claim for its retries). */
  claim_code_hash: string;
  claim_expires_at: number;
  claimed_at: number | null;
  claim_device_name: string | null;
  claim_operation_id: string | null;
  new_site_id: string | null;
  /** First BeginRestore: the order of the gateway-wide restore queue. */
  restore_requested_at: number | null;
  /** Last BeginRestore / GetExtractPage: a device that stopped asking loses its turn, not its place. */
  restore_polled_at: number | null;
  /** While in the future, this job holds the restore slot. */
  restore_lease_until: number | null;
  extract_responsibility_id: string | null;
  extract_package_revision: number | null;
  extract_record_count: number | null;
  /** The filter choice (JSON FilterChoice) the extract was built with; null: the package's default preset. */
  extract_filters: string | null;
  /** The gateway process running the job's steps (replacement-runner.ts), while its lease lasts. */
  runner_id: string | null;
  /** Until then no other process runs the job's steps; the runner renews it while a step runs. */
  runner_lease_until: number | null;
  finished_at: number | null;
  updated_at: number;
}

export type ReplacementStepState = 'pending' | 'running' | 'waiting' | 'done' | 'failed';

export interface ReplacementStepsTable {
  job_id: string;
  step: string;
  state: ReplacementStepState;
  started_at: number | null;
  finished_at: number | null;
  message: string | null;
}

export interface ReplacementExtractRecordsTable {
  job_id: string;
  /** 0-based order of the extract: referenced object types first, then row id. */
  seq: number;
  object_type: string;
  row_id: string;
  /** The wire record (CrmRecord) as JSON, without bulk field values. */
  record: string;
  bulk_omitted: number;
}

export interface ClaimThrottleTable {
  scope: string;
  failures: number;
  locked_until: number;
}
