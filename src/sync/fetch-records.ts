import type { ObjectDefinition } from '../metadata/index.js';
import type { CrmRecord } from '../protocol/index.js';
import type { SyncSession } from './sync-session.js';
import { typeServerFields } from './type-server-fields.js';

/** QueryRecords in batches of the package's maxIdsPerQuery; field values typed through the object definition (SOAP sends text). */
export async function fetchRecords(
  session: SyncSession,
  object: ObjectDefinition,
  rowIds: readonly string[],
): Promise<Map<string, CrmRecord>> {
  const out = new Map<string, CrmRecord>();
  for (let i = 0; i < rowIds.length; i += session.pkg.sync.maxIdsPerQuery) {
    const ids = rowIds.slice(i, i + session.pkg.sync.maxIdsPerQuery);
    const answer = await session.transport.call('QueryRecords', { objectType: object.name, rowIds: ids }, session.context);
    for (const r of answer.records) out.set(r.rowId, { ...r, fields: typeServerFields(object, r.fields) });
  }
  return out;
}
