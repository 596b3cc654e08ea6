import type { FieldValue } from '../../src/protocol/index.js';
import type { LocalRecord } from '../../src/store/index.js';

/**
 * A LocalRecord as the store keeps it. An `L-` id is a record created on this
 * device (no ROW_ID yet, state created); any other id is a clean copy of a CRM
 * row. `fields` defaults to a Name; `patch` overrides anything, fields included.
 */
export function localRecord(
  objectType: string,
  localId: string,
  patch: Partial<LocalRecord> = {},
  fields?: Record<string, FieldValue>,
): LocalRecord {
  const local = localId.startsWith('L-');
  return {
    localId,
    objectType,
    rowId: local ? null : localId,
    lastUpd: local ? null : '2024-01-01T00:00:00.000Z',
    modNum: local ? null : 1,
    owner: 'jsmith',
    updatedBy: 'jsmith',
    fields: fields ?? { Name: `${objectType} ${localId}` },
    base: null,
    state: local ? 'created' : 'clean',
    origin: local ? 'local' : 'crm',
    readOnly: false,
    changedAt: null,
    pending: null,
    ...patch,
  };
}
