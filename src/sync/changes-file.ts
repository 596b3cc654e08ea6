import { decodeValue, ProtocolError, s, type FieldValue, type Infer } from '../protocol/index.js';

/**
 * The file a device exports its unsent changes to (Issues → Archive, or a replaced
 * device's "Export my changes"), and that Issues → Archive → Import reads on another
 * device. Each change carries what the rep edited and what it was based on (the
 * record's modification number and values as last synced), so the import can tell a
 * change the server has since overtaken; and, for people, the record's name, the
 * object's label, the changed fields with their labels and the names of the records
 * it refers to. Readers ignore nothing: an unknown property is refused.
 */
export const CHANGES_FILE_FORMAT = 'fieldbook-changes';
export const CHANGES_FILE_VERSION = 1;
/** Changes one file may hold: far above any outbox, low enough to read at once. */
export const MAX_CHANGES_PER_FILE = 10_000;

const text = (max: number) => s.string({ max });
const idText = s.string({ min: 1, max: 200, pattern: /^[A-Za-z0-9_.:@/-]+$/, patternName: 'an id (letters, digits, _ . : @ / -)' });
const objectTypeText = s.string({ min: 1, max: 64, pattern: /^[A-Za-z][A-Za-z0-9_]*$/, patternName: 'an object type name' });
const rowIdText = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_.-]+$/, patternName: 'a row id' });
const isoText = s.string({ min: 20, max: 30, pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/, patternName: 'a UTC timestamp' });
const stateEnum = s.enum('ChangeState', ['created', 'updated', 'deleted', 'clean'] as const);

const changeProps = {
  id: s.req(idText),
  objectType: s.req(objectTypeText),
  localId: s.req(idText),
  // null (a record created here) reads as absent.
  rowId: s.opt(rowIdText),
  state: s.req(stateEnum),
  fields: s.req(s.fieldValues()),
  reason: s.req(text(2_000)),
  archivedAt: s.req(isoText),
  modNum: s.opt(s.integer({ min: 0 })),
  lastUpd: s.opt(isoText),
  base: s.opt(s.fieldValues()),
  // For people only; the import reads none of these.
  objectLabel: s.opt(text(200)),
  title: s.opt(text(1_000)),
  what: s.opt(text(200)),
  changed: s.opt(
    s.array(s.object('ChangedField', { field: s.req(text(64)), label: s.req(text(200)), from: s.opt(s.scalar()), to: s.opt(s.scalar()) }), {
      max: 200,
    }),
  ),
  references: s.opt(s.jsonObject()),
};
const changeSchema = s.object('ExportedChange', changeProps);
const fileSchema = s.object('ChangesFile', {
  format: s.req(s.enum('ChangesFileFormat', [CHANGES_FILE_FORMAT] as const)),
  version: s.req(s.integer({ min: CHANGES_FILE_VERSION, max: CHANGES_FILE_VERSION })),
  exportedAt: s.req(isoText),
  userName: s.req(text(100)),
  gatewayUrl: s.req(text(2_000)),
  changes: s.req(s.array(changeSchema, { max: MAX_CHANGES_PER_FILE })),
});
/** Archives exported before the file had a header: a bare list of entries. */
const legacySchema = s.object('LegacyArchive', { changes: s.req(s.array(changeSchema, { max: MAX_CHANGES_PER_FILE })) });

export type ExportedChange = Infer<typeof changeSchema>;
export type ChangesFile = Infer<typeof fileSchema>;

/** A change as the import uses it. */
export interface ImportedChange {
  readonly objectType: string;
  readonly localId: string;
  readonly rowId: string | null;
  readonly state: 'created' | 'updated' | 'deleted' | 'clean';
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly modNum: number | null;
  readonly lastUpd: string | null;
  readonly base: Readonly<Record<string, FieldValue>> | null;
  /** The name the file gives it, for the import's report. */
  readonly title: string | null;
}

/**
 * Reads an exported changes file: the JSON text, its header (format, version, whose
 * changes) and every change, all checked before anything is used. Throws
 * INVALID_REQUEST naming the first problems; a bare list (an archive exported before
 * the header existed) is read too, without a user to check.
 */
export function parseChangesFile(textIn: string): { readonly userName: string | null; readonly changes: readonly ImportedChange[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(textIn);
  } catch (error) {
    throw new ProtocolError('INVALID_REQUEST', `The file is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const read = (changes: readonly ExportedChange[]) =>
    changes.map((c): ImportedChange => ({
      objectType: c.objectType,
      localId: c.localId,
      rowId: c.rowId ?? null,
      state: c.state,
      fields: c.fields,
      modNum: c.modNum ?? null,
      lastUpd: c.lastUpd ?? null,
      base: c.base ?? null,
      title: c.title ?? null,
    }));
  try {
    if (Array.isArray(raw)) return { userName: null, changes: read(decodeValue(legacySchema, { changes: raw }, 'json', 'file').changes) };
    const file = decodeValue(fileSchema, raw, 'json', 'file');
    return { userName: file.userName, changes: read(file.changes) };
  } catch (error) {
    if (error instanceof ProtocolError) {
      throw new ProtocolError(
        'INVALID_REQUEST',
        `This is not a Fieldbook changes file: ${error.message.replace(/^Invalid request: /, '')}`,
        error.details,
      );
    }
    throw error;
  }
}
