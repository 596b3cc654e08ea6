import { CHANGE_ERROR_CODES } from './error-codes.js';
import { filterExprSchema } from './filter-expression.js';
import { RECONCILE_LIMITS } from './reconcile-limits.js';
import { compareRowIds } from './row-id-order.js';
import { s, type Infer, type ObjectSchema } from './schema.js';

/** Limits that are part of the contract: a client must page and batch within them. */
/** Bounds of a reported filter choice (FilterChoice). */
export const FILTER_CHOICE_LIMITS = {
  /** Object types named in one list: switched off, or with a personal filter. */
  maxObjects: 64,
  /** Filter sets the rep saved under a name. */
  maxPersonalPresets: 50,
  /** Unsent changes a device may report (a count, not the changes). */
  maxUnsentChanges: 10_000_000,
} as const;

export const LIMITS = {
  maxPageSize: 5_000,
  defaultPageSize: 1_000,
  maxRowIdsPerQuery: 500,
  /** Changes per ApplyChanges request; a package's maxCommandsPerBatch may not exceed it. */
  maxChangesPerBatch: 1_000,
  maxBodyBytes: 4 * 1024 * 1024,
  maxPackageFiles: 20,
  maxPackageFileBytes: 1024 * 1024,
} as const;

const rowId = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_.-]+$/, patternName: 'a row id (letters, digits, _ . -)' });
const objectType = s.string({ min: 1, max: 64, pattern: /^[A-Za-z][A-Za-z0-9_]*$/, patternName: 'an object type name' });
const operationId = s.string({
  min: 8,
  max: 100,
  pattern: /^[A-Za-z0-9_.:-]+$/,
  patternName: 'an operation id (8-100 letters, digits, _ . : -)',
});
const isoTimestamp = s.string({
  min: 24,
  max: 24,
  pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
  patternName: 'a UTC timestamp with milliseconds',
});
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

/** A set's fingerprint (key-fingerprint.ts): its size and four 30-bit sums as 8 hex digits each. */
const keyFingerprint = s.object('KeyFingerprint', {
  count: s.req(s.integer({ min: 0 })),
  hash: s.req(s.string({ min: 32, max: 32, pattern: /^(?:[0-3][0-9a-f]{7}){4}$/, patternName: 'four 30-bit sums in hex' })),
});
/** Row ids in (lower, upper], in byte order; no lower: from the first, no upper: to the last. */
const keyRange = s.object('KeyRange', { lower: s.opt(rowId), upper: s.opt(rowId), fingerprint: s.req(keyFingerprint) }, (range) =>
  range.lower !== undefined && range.upper !== undefined && compareRowIds(range.lower, range.upper) >= 0
    ? 'lower must be below upper'
    : null,
);
const rangeAnswer = s.object('RangeAnswer', {
  state: s.req(s.enum('RangeAnswerState', ['equal', 'keys', 'split'] as const)),
  /** state keys: every key the gateway holds in the range. */
  keys: s.opt(s.array(changeKey, { max: RECONCILE_LIMITS.maxKeysPerRangeAnswer })),
  /** state split: the range cut into consecutive parts, with the gateway's fingerprints. */
  parts: s.opt(s.array(keyRange, { max: RECONCILE_LIMITS.splitParts })),
});
export type KeyRange = Infer<typeof keyRange>;

/** Each range starts at or after the end of the one before: a row id is compared once per request. */
function rangesInOrder(ranges: readonly KeyRange[]): boolean {
  return ranges.every((range, i) => {
    if (i === 0) return true;
    const before = ranges[i - 1] as KeyRange;
    return before.upper !== undefined && range.lower !== undefined && compareRowIds(before.upper, range.lower) <= 0;
  });
}
export type RangeAnswer = Infer<typeof rangeAnswer>;

/** One object type's side of ReconcileKeys: its ranges in row id order, and optionally the moment after which to list recent keys. */
const reconcileSet = s.object(
  'ReconcileSet',
  {
    objectType: s.req(objectType),
    filter: s.opt(filterExprSchema),
    /** The device's newest DB_LAST_UPD of this type: the gateway lists its keys changed after it (a hint, see `recent`). */
    recentSince: s.opt(isoTimestamp),
    ranges: s.req(s.array(keyRange, { min: 1, max: RECONCILE_LIMITS.maxRangesPerRequest })),
  },
  (set) => (rangesInOrder(set.ranges) ? null : 'ranges must be in row id order and must not overlap'),
);
export type ReconcileSet = Infer<typeof reconcileSet>;
const reconcileSetAnswer = s.object('ReconcileSetAnswer', {
  /** One answer per range of the set, in order. */
  ranges: s.req(s.array(rangeAnswer, { max: RECONCILE_LIMITS.maxRangesPerRequest })),
  /**
   * With recentSince: the gateway's keys with a later DB_LAST_UPD, oldest first, at most
   * maxRecentKeys of them. Answered from the same database as the ranges but not
   * necessarily the same instant: the device uses them as true keys to adjust its side,
   * and the ranges find whatever they miss. SOAP carries an empty list as no element, so
   * there an answer with nothing recent has no `recent`: read it as empty.
   */
  recent: s.opt(s.array(changeKey, { max: RECONCILE_LIMITS.maxRecentKeys })),
});
export type ReconcileSetAnswer = Infer<typeof reconcileSetAnswer>;

/** A customization package file: a name like `info.xml` and its XML text. */
const packageFile = s.object('PackageFile', {
  name: s.req(s.string({ min: 5, max: 64, pattern: /^[a-z0-9][a-z0-9-]*\.xml$/, patternName: 'a file name like info.xml' })),
  content: s.req(s.string({ max: LIMITS.maxPackageFileBytes })),
});
const versionText = s.string({
  min: 7,
  max: 19,
  pattern: /^\d{1,4}\.\d{1,4}\.\d{1,4}\.\d{1,4}$/,
  patternName: 'a version like 1.00.00.00',
});

const writeResult = s.object('WriteResult', { rowId: s.req(rowId), lastUpd: s.req(isoTimestamp), modNum: s.req(modNum) });

// The single writes' requests are also the changes of an ApplyChanges batch, so the two cannot drift apart.
const insertRecordRequest = s.object('InsertRecordRequest', {
  operationId: s.req(operationId),
  objectType: s.req(objectType),
  fields: s.req(s.fieldValues()),
});
const updateRecordRequest = s.object('UpdateRecordRequest', {
  operationId: s.req(operationId),
  objectType: s.req(objectType),
  rowId: s.req(rowId),
  modNum: s.req(modNum),
  fields: s.req(s.fieldValues()),
});
const deleteRecordRequest = s.object('DeleteRecordRequest', {
  operationId: s.req(operationId),
  objectType: s.req(objectType),
  rowId: s.req(rowId),
  modNum: s.req(modNum),
});

/**
 * A batch-local name for the record an insert change creates: a reference field of a
 * later change in the same batch may hold it instead of a row id (the pane sends its
 * `L-…` local ids). It shadows a row id of the same text within the batch.
 */
const tempId = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_.:-]+$/, patternName: 'a temporary id (letters, digits, _ . : -)' });
const insertChange = s.object('InsertChange', {
  operationId: s.req(operationId),
  objectType: s.req(objectType),
  tempId: s.opt(tempId),
  fields: s.req(s.fieldValues()),
});
/** One change of a batch: exactly one of insert, update, delete, each shaped as its single operation's request. */
const change = s.object(
  'Change',
  { insert: s.opt(insertChange), update: s.opt(updateRecordRequest), delete: s.opt(deleteRecordRequest) },
  (c) =>
    [c.insert, c.update, c.delete].filter((x) => x !== undefined).length === 1
      ? null
      : 'a change holds exactly one of insert, update, delete',
);
export type Change = Infer<typeof change>;

/** The operation id of each change, and the temporary id of each insert, appear once per batch. */
function repeatedIdProblem(changes: readonly Change[]): string | null {
  const operationIds = new Set<string>();
  const tempIds = new Set<string>();
  for (const [i, c] of changes.entries()) {
    const body = c.insert ?? c.update ?? c.delete;
    if (body === undefined) continue;
    if (operationIds.has(body.operationId)) return `changes[${i}]: operation id ${body.operationId} appears twice in the batch`;
    operationIds.add(body.operationId);
    const temp = c.insert?.tempId;
    if (temp === undefined) continue;
    if (tempIds.has(temp)) return `changes[${i}]: tempId ${temp} appears twice in the batch`;
    tempIds.add(temp);
  }
  return null;
}

/** What the single operation answers: rowId, and lastUpd and modNum unless the record was deleted. */
const changeApplied = s.object('ChangeApplied', { rowId: s.req(rowId), lastUpd: s.opt(isoTimestamp), modNum: s.opt(modNum) });
/** What the single operation is refused with (its error body): code, message, details. */
const changeRefused = s.object('ChangeRefused', {
  code: s.req(s.enum('ChangeErrorCode', CHANGE_ERROR_CODES)),
  message: s.req(s.string({ max: 100_000 })),
  details: s.opt(s.jsonObject()),
});
const changeResult = s.object(
  'ChangeResult',
  { operationId: s.req(operationId), ok: s.opt(changeApplied), error: s.opt(changeRefused) },
  (r) => ((r.ok === undefined) === (r.error === undefined) ? 'a result holds exactly one of ok, error' : null),
);
export type ChangeResult = Infer<typeof changeResult>;

const siteIdText = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_.-]+$/, patternName: 'a site id' });
const jobIdText = s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_.-]+$/, patternName: 'a replacement job id' });

/** A site: one device install of one user (SAP: a mobile client site with its database id). */
const siteSummary = s.object('SiteSummary', {
  siteId: s.req(siteIdText),
  userName: s.req(s.string()),
  displayName: s.req(s.string()),
  organization: s.req(s.string()),
  team: s.opt(s.string()),
  deviceName: s.req(s.string()),
  status: s.req(s.enum('SiteStatus', ['active', 'revoked', 'replaced'] as const)),
  registeredAt: s.req(isoTimestamp),
  lastSyncAt: s.opt(isoTimestamp),
  /** The newest replacement job of this site, if any. */
  replacementJobId: s.opt(jobIdText),
  /** What the device said it still held unsent at its last ReportDevice (SAP step 1: its outbound queue). */
  unsentChanges: s.opt(s.integer({ min: 0 })),
  /** When it said so. */
  unsentReportedAt: s.opt(isoTimestamp),
});
export type SiteSummary = Infer<typeof siteSummary>;

/**
 * The steps of a replacement job (SAP "Replacement of laptops", adapted):
 * 1 readSite, 2 acceptPending, 3 revokeSite, 4 dropServerEntries, 5 buildExtract
 * (the gateway runs these at once), 6 restore (the new device claimed and restores;
 * one restore at a time across the gateway), 7 cleanRestoredCopy, 8 registerNewSite,
 * 9 incrementalSync (reported by the new device).
 */
export const REPLACEMENT_STEPS = [
  'readSite',
  'acceptPending',
  'revokeSite',
  'dropServerEntries',
  'buildExtract',
  'restore',
  'cleanRestoredCopy',
  'registerNewSite',
  'incrementalSync',
] as const;
export type ReplacementStepName = (typeof REPLACEMENT_STEPS)[number];

const replacementStep = s.object('ReplacementStep', {
  step: s.req(s.enum('ReplacementStepName', REPLACEMENT_STEPS)),
  state: s.req(s.enum('ReplacementStepState', ['pending', 'running', 'waiting', 'done', 'failed'] as const)),
  startedAt: s.opt(isoTimestamp),
  finishedAt: s.opt(isoTimestamp),
  message: s.opt(s.string({ max: 1000 })),
});

const replacementJob = s.object('ReplacementJob', {
  jobId: s.req(jobIdText),
  siteId: s.req(siteIdText),
  userName: s.req(s.string()),
  deviceName: s.req(s.string()),
  state: s.req(
    s.enum('ReplacementState', ['running', 'waitingForClaim', 'waitingForRestore', 'restoring', 'syncing', 'done', 'failed'] as const),
  ),
  requestedAt: s.req(isoTimestamp),
  requestedBy: s.req(s.string()),
  /** The one-time code for the rep; shown to admins until it is used or expires. */
  claimCode: s.opt(s.string()),
  claimExpiresAt: s.opt(isoTimestamp),
  /** Place in the gateway-wide restore queue while waiting (1 = next). */
  queuePosition: s.opt(s.integer({ min: 1 })),
  newSiteId: s.opt(siteIdText),
  steps: s.req(s.array(replacementStep, { min: 9, max: 9 })),
});
export type ReplacementJob = Infer<typeof replacementJob>;

/** A personal filter of the rep: on top of master filter and preset, for one object type. */
const personalFilter = s.object('PersonalFilter', { objectType: s.req(objectType), filter: s.req(filterExprSchema) });
const presetIdText = s.string({ min: 1, max: 100 });
/**
 * The rep's filter choice on a device (the settings of the Filter Records tab), as the
 * device reports it with ReportDevice and a replacement restore gets it back: the
 * package preset, the object types the rep switched off, the personal filters and the
 * filter sets the rep saved under a name.
 */
const filterChoice = s.object('FilterChoice', {
  presetId: s.opt(presetIdText),
  disabledObjects: s.req(s.array(objectType, { max: FILTER_CHOICE_LIMITS.maxObjects })),
  personalFilters: s.req(s.array(personalFilter, { max: FILTER_CHOICE_LIMITS.maxObjects })),
  personalPresets: s.req(
    s.array(
      s.object('PersonalPresetChoice', {
        id: s.req(presetIdText),
        name: s.req(s.string({ min: 1, max: 200 })),
        basePresetId: s.req(presetIdText),
        disabledObjects: s.req(s.array(objectType, { max: FILTER_CHOICE_LIMITS.maxObjects })),
        personalFilters: s.req(s.array(personalFilter, { max: FILTER_CHOICE_LIMITS.maxObjects })),
      }),
      { max: FILTER_CHOICE_LIMITS.maxPersonalPresets },
    ),
  ),
});
export type FilterChoice = Infer<typeof filterChoice>;
export type PersonalFilterChoice = Infer<typeof personalFilter>;

/** Records of one object type in a replacement extract. */
const extractTypeCount = s.object('ExtractTypeCount', { objectType: s.req(objectType), count: s.req(s.integer({ min: 0 })) });
export type ExtractTypeCount = Infer<typeof extractTypeCount>;

/** A record of a site-specific extract; `bulkOmitted` when bulk fields (long bodies, attachments) were left out. */
const extractRecord = s.object('ExtractRecord', {
  objectType: s.req(objectType),
  record: s.req(record),
  bulkOmitted: s.req(s.boolean()),
});
export type ExtractRecord = Infer<typeof extractRecord>;

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
  ReportDevice: op({
    access: 'session',
    mutating: false,
    doc: "The device's state after a sync, from its registered site: how many changes it still holds unsent (SAP step 1, shown to admins before a replacement) and the rep's filter choice (the replacement extract uses it). Replaces the previous report.",
    request: s.object('ReportDeviceRequest', {
      unsentChanges: s.req(s.integer({ min: 0, max: FILTER_CHOICE_LIMITS.maxUnsentChanges })),
      filters: s.req(filterChoice),
    }),
    response: s.object('ReportDeviceResponse', {}),
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
  ReconcileKeys: op({
    access: 'session',
    mutating: false,
    doc: 'Compares fingerprints of row-id ranges of the change keys of one or more object types under visibility and filter: per range equal, the gateway keys, or split; with recentSince, also lists the keys changed after that moment.',
    request: s.object(
      'ReconcileKeysRequest',
      { sets: s.req(s.array(reconcileSet, { min: 1, max: RECONCILE_LIMITS.maxSetsPerRequest })) },
      (request) => {
        const ranges = request.sets.reduce((n, set) => n + set.ranges.length, 0);
        return ranges > RECONCILE_LIMITS.maxRangesPerRequest
          ? `a request carries at most ${RECONCILE_LIMITS.maxRangesPerRequest} ranges over all its sets, not ${ranges}`
          : null;
      },
    ),
    response: s.object('ReconcileKeysResponse', { sets: s.req(s.array(reconcileSetAnswer, { max: RECONCILE_LIMITS.maxSetsPerRequest })) }),
  }),
  ListRecords: op({
    access: 'session',
    mutating: false,
    doc: 'Pages through whole records of one object type under visibility and filter, in row id order, after the given row id (a keyset page); nextAfter is set when more may follow.',
    request: s.object('ListRecordsRequest', {
      objectType: s.req(objectType),
      filter: s.opt(filterExprSchema),
      after: s.opt(rowId),
      pageSize: s.opt(s.integer({ min: 1, max: LIMITS.maxPageSize })),
    }),
    response: s.object('ListRecordsResponse', { records: s.req(s.array(record, { max: LIMITS.maxPageSize })), nextAfter: s.opt(rowId) }),
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
    request: insertRecordRequest,
    response: writeResult,
  }),
  UpdateRecord: op({
    access: 'session',
    mutating: true,
    doc: 'Changes the given fields if the record still has the modification number the client saw.',
    request: updateRecordRequest,
    response: writeResult,
  }),
  DeleteRecord: op({
    access: 'session',
    mutating: true,
    doc: 'Deletes a record if it still has the modification number the client saw.',
    request: deleteRecordRequest,
    response: s.object('DeleteRecordResponse', { rowId: s.req(rowId) }),
  }),
  ApplyChanges: op({
    access: 'session',
    mutating: true,
    doc: 'Applies inserts, updates and deletes in one transaction, answering one result per change in order; each change is an InsertRecord, UpdateRecord or DeleteRecord with its own operation id, and an insert tempId names its record for later references in the batch.',
    request: s.object('ApplyChangesRequest', { changes: s.req(s.array(change, { min: 1, max: LIMITS.maxChangesPerBatch })) }, (request) =>
      repeatedIdProblem(request.changes),
    ),
    response: s.object('ApplyChangesResponse', { results: s.req(s.array(changeResult, { max: LIMITS.maxChangesPerBatch })) }),
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
  ListSites: op({
    access: 'admin',
    mutating: false,
    doc: "The sites (device installs), found by organization and/or user name (SAP Rollout Manager's Advanced Find).",
    request: s.object('ListSitesRequest', {
      organization: s.opt(s.string({ max: 100 })),
      userName: s.opt(s.string({ max: 100 })),
    }),
    response: s.object('ListSitesResponse', { sites: s.req(s.array(siteSummary)) }),
  }),
  RequestReplacement: op({
    access: 'admin',
    mutating: true,
    doc: 'Starts a replacement job for each site; answers the jobs with their one-time claim codes.',
    request: s.object('RequestReplacementRequest', {
      siteIds: s.req(s.array(siteIdText, { min: 1, max: 50 })),
      operationId: s.req(operationId),
    }),
    response: s.object('RequestReplacementResponse', { jobs: s.req(s.array(replacementJob)) }),
  }),
  GetReplacement: op({
    access: 'admin',
    mutating: false,
    doc: 'Replacement jobs step by step (the given ids, or all of them, newest first).',
    request: s.object('GetReplacementRequest', { jobIds: s.opt(s.array(jobIdText, { max: 200 })) }),
    response: s.object('GetReplacementResponse', { jobs: s.req(s.array(replacementJob)) }),
  }),
  RetryReplacementStep: op({
    access: 'admin',
    mutating: true,
    doc: "Sets a job's failed step back to pending and resumes the job.",
    request: s.object('RetryReplacementStepRequest', { jobId: s.req(jobIdText), operationId: s.req(operationId) }),
    response: s.object('RetryReplacementStepResponse', { job: s.req(replacementJob) }),
  }),
  ClaimReplacement: op({
    access: 'public',
    mutating: true,
    doc: "The replacement device claims a job with its one-time code (expiring, single use); answers a session of the job's user.",
    request: s.object('ClaimReplacementRequest', {
      claimCode: s.req(s.string({ min: 6, max: 64 })),
      deviceName: s.req(s.string({ min: 1, max: 200 })),
      operationId: s.req(operationId),
    }),
    response: s.object('ClaimReplacementResponse', {
      jobId: s.req(jobIdText),
      sessionToken: s.req(s.string()),
      expiresAt: s.req(isoTimestamp),
      userName: s.req(s.string()),
      displayName: s.req(s.string()),
    }),
  }),
  BeginRestore: op({
    access: 'session',
    mutating: false,
    doc: 'Asks for the gateway-wide restore slot (one restore at a time); when granted, answers the package and the size of the extract.',
    request: s.object('BeginRestoreRequest', { jobId: s.req(jobIdText) }),
    response: s.object('BeginRestoreResponse', {
      granted: s.req(s.boolean()),
      /** Place in the queue when not granted (1 = next). */
      position: s.req(s.integer({ min: 0 })),
      packageId: s.opt(s.string()),
      responsibilityId: s.opt(s.string()),
      hashValue: s.opt(s.string()),
      files: s.opt(s.array(packageFile)),
      recordCount: s.opt(s.integer({ min: 0 })),
      pageCount: s.opt(s.integer({ min: 0 })),
      /** Granted: the extract's records per object type, in extract order (they add up to recordCount). */
      perType: s.opt(s.array(extractTypeCount, { max: 1_000 })),
      /** Granted: the filter choice the extract was built with (the old device's last report), for the new device to keep. */
      filters: s.opt(filterChoice),
    }),
  }),
  GetExtractPage: op({
    access: 'session',
    mutating: false,
    doc: 'One page of the site-specific extract (needs the restore slot).',
    request: s.object('GetExtractPageRequest', { jobId: s.req(jobIdText), page: s.req(s.integer({ min: 0 })) }),
    response: s.object('GetExtractPageResponse', { records: s.req(s.array(extractRecord)) }),
  }),
  CompleteRestore: op({
    access: 'session',
    mutating: true,
    doc: 'The device restored and cleaned the extract: registers the new site, releases the restore slot.',
    request: s.object('CompleteRestoreRequest', {
      jobId: s.req(jobIdText),
      deviceName: s.req(s.string({ min: 1, max: 200 })),
      operationId: s.req(operationId),
    }),
    response: s.object('CompleteRestoreResponse', { siteId: s.req(siteIdText), databaseId: s.req(s.string()) }),
  }),
  FinishReplacement: op({
    access: 'session',
    mutating: true,
    doc: "The new device's incremental sync after the restore succeeded: the job is done.",
    request: s.object('FinishReplacementRequest', { jobId: s.req(jobIdText), operationId: s.req(operationId) }),
    response: s.object('FinishReplacementResponse', {
      job: s.req(s.object('FinishedJob', { jobId: s.req(jobIdText), state: s.req(s.string()) })),
    }),
  }),
  ListPackages: op({
    access: 'admin',
    mutating: false,
    doc: 'The published packages per responsibility, newest revision first; `active` marks the one devices get.',
    request: s.object('ListPackagesRequest', {}),
    response: s.object('ListPackagesResponse', {
      packages: s.req(
        s.array(
          s.object('PublishedPackage', {
            responsibilityId: s.req(s.string()),
            revision: s.req(s.integer({ min: 1 })),
            packageId: s.req(s.string()),
            version: s.req(s.string()),
            publishedAt: s.req(isoTimestamp),
            publishedBy: s.req(s.string()),
            active: s.req(s.boolean()),
          }),
        ),
      ),
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
