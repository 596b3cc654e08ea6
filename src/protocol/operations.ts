import { filterExprSchema } from './filter-expression.js';
import { s, type Infer, type ObjectSchema } from './schema.js';

/** Limits that are part of the contract: a client must page and batch within them. */
export const LIMITS = {
  maxPageSize: 5_000,
  defaultPageSize: 1_000,
  maxRowIdsPerQuery: 500,
  maxBodyBytes: 4 * 1024 * 1024,
  maxPackageFiles: 20,
  maxPackageFileBytes: 1024 * 1024,
} as const;

const rowId = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_.-]+$/, patternName: 'a row id (letters, digits, _ . -)' });
const objectType = s.string({ min: 1, max: 64, pattern: /^[A-Za-z][A-Za-z0-9_]*$/, patternName: 'an object type name' });
const operationId = s.string({ min: 8, max: 100, pattern: /^[A-Za-z0-9_.:-]+$/, patternName: 'an operation id (8-100 letters, digits, _ . : -)' });
const isoTimestamp = s.string({ min: 24, max: 24, pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, patternName: 'a UTC timestamp with milliseconds' });
const modNum = s.integer({ min: 0 });
const visibility = s.enum('Visibility', ['personal', 'team', 'organization', 'all'] as const);

const changeKey = s.object('ChangeKey', { rowId: s.req(rowId), lastUpd: s.req(isoTimestamp) });

/** A record as the gateway answers it. `lastUpd` is DB_LAST_UPD; with `rowId` it is the change key. */
const record = s.object('Record', {
  rowId: s.req(rowId),
  lastUpd: s.req(isoTimestamp),
  modNum: s.req(modNum),
  owner: s.req(s.string()),
  updatedBy: s.req(s.string()),
  fields: s.req(s.fieldValues()),
});
export type CrmRecord = Infer<typeof record>;
export type ChangeKey = Infer<typeof changeKey>;

/** A customization package file: a name like `info.xml` and its XML text. */
const packageFile = s.object('PackageFile', {
  name: s.req(s.string({ min: 5, max: 64, pattern: /^[a-z0-9][a-z0-9-]*\.xml$/, patternName: 'a file name like info.xml' })),
  content: s.req(s.string({ max: LIMITS.maxPackageFileBytes })),
});
const versionText = s.string({ min: 7, max: 19, pattern: /^\d{1,4}\.\d{1,4}\.\d{1,4}\.\d{1,4}$/, patternName: 'a version like 1.00.00.00' });

const writeResult = s.object('WriteResult', { rowId: s.req(rowId), lastUpd: s.req(isoTimestamp), modNum: s.req(modNum) });

/** Who may call an operation: anyone, a logged-in user, or a user whose responsibility is admin. */
export type Access = 'public' | 'session' | 'admin';

interface OperationSpec<Req, Res> {
  readonly access: Access;
  /** Mutating operations are logged under their operation id and replayed on retry. */
  readonly mutating: boolean;
  readonly request: ObjectSchema<Req>;
  readonly response: ObjectSchema<Res>;
  readonly doc: string;
}

function op<Req, Res>(spec: OperationSpec<Req, Res>): OperationSpec<Req, Res> {
  return spec;
}

/** The operation set. Names are part of the contract (JSON path, SOAPAction, WSDL operation). */
export const OPERATIONS = {
  Login: op({
    access: 'public',
    mutating: false,
    doc: 'Opens a session; answers an opaque token to send with every later call.',
    request: s.object('LoginRequest', { userName: s.req(s.string({ min: 1, max: 100 })), password: s.req(s.string({ min: 1, max: 200 })) }),
    response: s.object('LoginResponse', {
      sessionToken: s.req(s.string()),
      expiresAt: s.req(isoTimestamp),
      userId: s.req(s.string()),
      userName: s.req(s.string()),
      displayName: s.req(s.string()),
      responsibilityId: s.req(s.string()),
      visibility: s.req(visibility),
      isAdmin: s.req(s.boolean()),
    }),
  }),
  Logout: op({
    access: 'session',
    mutating: false,
    doc: 'Ends the session; its token is refused afterwards.',
    request: s.object('LogoutRequest', {}),
    response: s.object('LogoutResponse', {}),
  }),
  RegisterSite: op({
    access: 'session',
    mutating: true,
    doc: 'Registers this device once; later calls from it carry the database id.',
    request: s.object('RegisterSiteRequest', { deviceName: s.req(s.string({ min: 1, max: 200 })), operationId: s.opt(operationId) }),
    response: s.object('RegisterSiteResponse', { siteId: s.req(s.string()), databaseId: s.req(s.string()) }),
  }),
  GetChangeKeys: op({
    access: 'session',
    mutating: false,
    doc: 'Pages through the change keys of one object type under visibility and filter, ordered by row id.',
    request: s.object('GetChangeKeysRequest', {
      objectType: s.req(objectType),
      filter: s.opt(filterExprSchema),
      pageToken: s.opt(s.string({ min: 1, max: 2_000 })),
      pageSize: s.opt(s.integer({ min: 1, max: LIMITS.maxPageSize })),
    }),
    response: s.object('GetChangeKeysResponse', { keys: s.req(s.array(changeKey)), nextPageToken: s.opt(s.string()) }),
  }),
  QueryRecords: op({
    access: 'session',
    mutating: false,
    doc: 'Reads whole records by row id; ids that do not exist or are not visible are listed in notFound.',
    request: s.object('QueryRecordsRequest', {
      objectType: s.req(objectType),
      rowIds: s.req(s.array(rowId, { min: 1, max: LIMITS.maxRowIdsPerQuery })),
    }),
    response: s.object('QueryRecordsResponse', { records: s.req(s.array(record)), notFound: s.req(s.array(rowId)) }),
  }),
  QueryByUserKey: op({
    access: 'session',
    mutating: false,
    doc: "Finds visible records that match any of the object's user keys on the given field values.",
    request: s.object('QueryByUserKeyRequest', { objectType: s.req(objectType), fields: s.req(s.fieldValues()) }),
    response: s.object('QueryByUserKeyResponse', { records: s.req(s.array(record)) }),
  }),
  InsertRecord: op({
    access: 'session',
    mutating: true,
    doc: 'Creates a record after a user-key check; a retried operation id answers the first result.',
    request: s.object('InsertRecordRequest', { operationId: s.req(operationId), objectType: s.req(objectType), fields: s.req(s.fieldValues()) }),
    response: writeResult,
  }),
  UpdateRecord: op({
    access: 'session',
    mutating: true,
    doc: 'Changes the given fields if the record still has the modification number the client saw.',
    request: s.object('UpdateRecordRequest', {
      operationId: s.req(operationId),
      objectType: s.req(objectType),
      rowId: s.req(rowId),
      modNum: s.req(modNum),
      fields: s.req(s.fieldValues()),
    }),
    response: writeResult,
  }),
  DeleteRecord: op({
    access: 'session',
    mutating: true,
    doc: 'Deletes a record if it still has the modification number the client saw.',
    request: s.object('DeleteRecordRequest', { operationId: s.req(operationId), objectType: s.req(objectType), rowId: s.req(rowId), modNum: s.req(modNum) }),
    response: s.object('DeleteRecordResponse', { rowId: s.req(rowId) }),
  }),
  EstimateCount: op({
    access: 'session',
    mutating: false,
    doc: 'Counts the records of one object type that visibility and the filter select.',
    request: s.object('EstimateCountRequest', { objectType: s.req(objectType), filter: s.opt(filterExprSchema) }),
    response: s.object('EstimateCountResponse', { count: s.req(s.integer({ min: 0 })) }),
  }),
  DownloadMetadataFiles: op({
    access: 'session',
    mutating: false,
    doc: "The customization package of the caller's responsibility; containsFiles=false when the cached ids and hash still match.",
    request: s.object('DownloadMetadataFilesRequest', {
      packageId: s.opt(s.string({ max: 200 })),
      responsibilityId: s.opt(s.string({ max: 100 })),
      hashValue: s.opt(s.string({ max: 200 })),
      productVersion: s.opt(versionText),
    }),
    response: s.object('DownloadMetadataFilesResponse', {
      containsFiles: s.req(s.boolean()),
      packageId: s.req(s.string()),
      responsibilityId: s.req(s.string()),
      hashValue: s.req(s.string()),
      files: s.opt(s.array(packageFile)),
      productCompatible: s.opt(s.boolean()),
      preferredProductVersion: s.opt(s.string()),
    }),
  }),
  PublishPackage: op({
    access: 'admin',
    mutating: true,
    doc: 'Validates a customization package and makes it the active package of a responsibility.',
    request: s.object('PublishPackageRequest', {
      operationId: s.opt(operationId),
      responsibilityId: s.req(s.string({ min: 1, max: 100 })),
      files: s.req(s.array(packageFile, { min: 1, max: LIMITS.maxPackageFiles })),
    }),
    response: s.object('PublishPackageResponse', {
      packageId: s.req(s.string()),
      hashValue: s.req(s.string()),
      version: s.req(s.string()),
      structureHash: s.req(s.string()),
    }),
  }),
} as const;

export type OperationName = keyof typeof OPERATIONS;
export type RequestOf<N extends OperationName> = Infer<(typeof OPERATIONS)[N]['request']>;
export type ResponseOf<N extends OperationName> = Infer<(typeof OPERATIONS)[N]['response']>;

export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}
