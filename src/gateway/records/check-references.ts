import type { Kysely } from 'kysely';
import { ProtocolError, type FieldValue } from '../../protocol/index.js';
import type { Caller } from '../auth/caller.js';
import type { ObjectDefinition } from '../../metadata/index.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import { visibleTo } from './visible-to.js';

/**
 * A reference must point at a record of the referenced type that the caller can
 * see; otherwise the client is holding a row id it should not have, or one that
 * is still a local temporary id (the sync engine must replace those first).
 */
export async function checkReferences(
  db: Kysely<DatabaseSchema>,
  caller: Caller,
  object: ObjectDefinition,
  changed: Readonly<Record<string, FieldValue>>,
): Promise<void> {
  const problems: string[] = [];
  for (const field of object.fields) {
    const value = changed[field.name];
    if (field.type !== 'reference' || typeof value !== 'string' || !field.references) continue;
    const found = await db
      .selectFrom('records')
      .select('row_id')
      .where('row_id', '=', value)
      .where('object_type', '=', field.references)
      .where(visibleTo(caller))
      .executeTakeFirst();
    if (!found) problems.push(`${field.name} refers to no ${field.references} "${value}" that you can see`);
  }
  if (problems.length > 0) {
    throw new ProtocolError('INVALID_REQUEST', `Invalid ${object.name}: ${problems.join('; ')}`, { objectType: object.name, problems });
  }
}
