import type { Kysely } from 'kysely';
import { hashPassword } from '../auth/password-hash.js';
import { findObject, userKeyEntries, withoutNulls, type ObjectCatalog, type PackageFile } from '../../metadata/index.js';
import type { DatabaseSchema, ResponsibilitiesTable } from '../db/database-schema.js';
import { publishPackage } from '../packages/publish-package.js';
import { keyHashColumns } from '../records/key-hash-columns.js';
import { DEMO_USERS, generateDemoData, type DemoUser } from './generate-demo-data.js';

export const DEMO_PASSWORD = 'demo';
export const DEMO_ORG_ID = 'ORG-NA';

/** Responsibilities of the demo installation, one per visibility. */
export const DEMO_RESPONSIBILITIES: readonly ResponsibilitiesTable[] = [
  { responsibility_id: 'R-SALES-REP', name: 'Sales Representative', visibility: 'personal', is_admin: 0 },
  { responsibility_id: 'R-SALES-MANAGER', name: 'Sales Manager', visibility: 'team', is_admin: 0 },
  { responsibility_id: 'R-SALES-DIRECTOR', name: 'Sales Director', visibility: 'organization', is_admin: 0 },
  { responsibility_id: 'R-ADMIN', name: 'Administrator', visibility: 'all', is_admin: 1 },
];

const RESPONSIBILITY_OF_ROLE: Record<DemoUser['role'], string> = { rep: 'R-SALES-REP', manager: 'R-SALES-MANAGER', admin: 'R-ADMIN' };

export function demoUserId(userName: string): string {
  return `U-${userName.toUpperCase()}`;
}

function teamId(team: DemoUser['team']): string | null {
  return team === null ? null : `T-${team.toUpperCase()}`;
}

export interface SeedOptions {
  readonly seed: number;
  readonly records: number;
  /** 'YYYY-MM-DD': dates in the demo data are spread around this day. */
  readonly today: string;
  readonly now: number;
  /** The customization package to publish for every demo responsibility (first start). */
  readonly packageFiles?: readonly PackageFile[];
}

const BATCH = 500;

/**
 * Creates the demo responsibilities and users (password "demo") if missing, and
 * replaces all records with a freshly generated data set. Same options, same data.
 */
export async function seedDatabase(
  db: Kysely<DatabaseSchema>,
  catalog: ObjectCatalog,
  options: SeedOptions,
): Promise<{ users: number; records: number }> {
  const dataset = generateDemoData({ seed: options.seed, records: options.records, today: options.today });
  const hashes = new Map<string, string>();
  for (const user of dataset.users) hashes.set(user.userName, await hashPassword(DEMO_PASSWORD));
  const userById = new Map(dataset.users.map((u) => [u.userName, u]));

  await db.transaction().execute(async (trx) => {
    for (const r of DEMO_RESPONSIBILITIES) {
      await trx
        .insertInto('responsibilities')
        .values(r)
        .onConflict((oc) => oc.column('responsibility_id').doNothing())
        .execute();
    }
    for (const user of dataset.users) {
      await trx
        .insertInto('users')
        .values({
          user_id: demoUserId(user.userName),
          user_name: user.userName,
          display_name: user.displayName,
          password_hash: hashes.get(user.userName) as string,
          responsibility_id: RESPONSIBILITY_OF_ROLE[user.role],
          team_id: teamId(user.team),
          org_id: DEMO_ORG_ID,
          created_at: options.now,
        })
        .onConflict((oc) => oc.column('user_name').doNothing())
        .execute();
    }
    await trx.deleteFrom('record_user_keys').execute();
    await trx.deleteFrom('records').execute();
    for (let i = 0; i < dataset.records.length; i += BATCH) {
      const batch = dataset.records.slice(i, i + BATCH);
      await trx
        .insertInto('records')
        .values(
          batch.map((r) => {
            const owner = userById.get(r.owner);
            if (!owner) throw new Error(`demo record ${r.rowId} has unknown owner ${r.owner}`);
            return {
              row_id: r.rowId,
              object_type: r.objectType,
              db_last_upd: r.lastUpd,
              ...keyHashColumns(r.rowId, r.lastUpd),
              mod_num: 1,
              owner_id: demoUserId(r.owner),
              team_id: teamId(owner.team),
              org_id: DEMO_ORG_ID,
              updated_by: r.owner,
              fields: JSON.stringify(withoutNulls(r.fields)),
            };
          }),
        )
        .execute();
      const keys = batch.flatMap((r) => {
        const object = findObject(catalog, r.objectType);
        if (!object) throw new Error(`demo record ${r.rowId} has unknown object type ${r.objectType}`);
        return userKeyEntries(object, r.fields).map((e) => ({
          object_type: r.objectType,
          key_name: e.keyName,
          key_value: e.keyValue,
          row_id: r.rowId,
        }));
      });
      if (keys.length > 0) await trx.insertInto('record_user_keys').values(keys).execute();
    }
    if (options.packageFiles) await publishDemoPackage(trx, catalog, options.packageFiles, options.now);
    await trx
      .insertInto('gateway_meta')
      .values({ key: 'demo_seed', value: JSON.stringify({ seed: options.seed, records: dataset.records.length, today: options.today }) })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ value: JSON.stringify({ seed: options.seed, records: dataset.records.length, today: options.today }) }),
      )
      .execute();
  });
  return { users: dataset.users.length, records: dataset.records.length };
}

/** Publishes the demo customization package for every demo responsibility. */
export async function publishDemoPackage(
  db: Kysely<DatabaseSchema>,
  catalog: ObjectCatalog,
  files: readonly PackageFile[],
  now: number,
): Promise<void> {
  for (const r of DEMO_RESPONSIBILITIES) {
    await publishPackage(db, catalog, { responsibilityId: r.responsibility_id, files, publishedBy: 'demo-seed', now });
  }
}

/**
 * True once seeding has committed (its marker is written in the same
 * transaction as the data): first start seeds, later starts keep the data.
 */
export async function isSeeded(db: Kysely<DatabaseSchema>): Promise<boolean> {
  const row = await db.selectFrom('gateway_meta').select('key').where('key', '=', 'demo_seed').executeTakeFirst();
  return row !== undefined;
}

export { DEMO_USERS };
