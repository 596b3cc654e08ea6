"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OPERATION_NAMES = exports.OPERATIONS = exports.LIMITS = void 0;
exports.isOperationName = isOperationName;
const filter_expression_js_1 = require("./filter-expression.js");
const schema_js_1 = require("./schema.js");
/** Limits that are part of the contract: a client must page and batch within them. */
exports.LIMITS = {
    maxPageSize: 5_000,
    defaultPageSize: 1_000,
    maxRowIdsPerQuery: 500,
    maxBodyBytes: 4 * 1024 * 1024,
    maxPackageFiles: 20,
    maxPackageFileBytes: 1024 * 1024,
};
const rowId = schema_js_1.s.string({ min: 1, max: 64, pattern: /^[A-Za-z0-9_.-]+$/, patternName: 'a row id (letters, digits, _ . -)' });
const objectType = schema_js_1.s.string({ min: 1, max: 64, pattern: /^[A-Za-z][A-Za-z0-9_]*$/, patternName: 'an object type name' });
const operationId = schema_js_1.s.string({ min: 8, max: 100, pattern: /^[A-Za-z0-9_.:-]+$/, patternName: 'an operation id (8-100 letters, digits, _ . : -)' });
const isoTimestamp = schema_js_1.s.string({ min: 24, max: 24, pattern: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, patternName: 'a UTC timestamp with milliseconds' });
const modNum = schema_js_1.s.integer({ min: 0 });
const visibility = schema_js_1.s.enum('Visibility', ['personal', 'team', 'organization', 'all']);
const changeKey = schema_js_1.s.object('ChangeKey', { rowId: schema_js_1.s.req(rowId), lastUpd: schema_js_1.s.req(isoTimestamp) });
/** A record as the gateway answers it. `lastUpd` is DB_LAST_UPD; with `rowId` it is the change key. */
const record = schema_js_1.s.object('Record', {
    rowId: schema_js_1.s.req(rowId),
    lastUpd: schema_js_1.s.req(isoTimestamp),
    modNum: schema_js_1.s.req(modNum),
    owner: schema_js_1.s.req(schema_js_1.s.string()),
    updatedBy: schema_js_1.s.req(schema_js_1.s.string()),
    fields: schema_js_1.s.req(schema_js_1.s.fieldValues()),
});
/** A customization package file: a name like `info.xml` and its XML text. */
const packageFile = schema_js_1.s.object('PackageFile', {
    name: schema_js_1.s.req(schema_js_1.s.string({ min: 5, max: 64, pattern: /^[a-z0-9][a-z0-9-]*\.xml$/, patternName: 'a file name like info.xml' })),
    content: schema_js_1.s.req(schema_js_1.s.string({ max: exports.LIMITS.maxPackageFileBytes })),
});
const versionText = schema_js_1.s.string({ min: 7, max: 19, pattern: /^\d{1,4}\.\d{1,4}\.\d{1,4}\.\d{1,4}$/, patternName: 'a version like 1.00.00.00' });
const writeResult = schema_js_1.s.object('WriteResult', { rowId: schema_js_1.s.req(rowId), lastUpd: schema_js_1.s.req(isoTimestamp), modNum: schema_js_1.s.req(modNum) });
function op(spec) {
    return spec;
}
/** The operation set. Names are part of the contract (JSON path, SOAPAction, WSDL operation). */
exports.OPERATIONS = {
    Login: op({
        access: 'public',
        mutating: false,
        doc: 'Opens a session; answers an opaque token to send with every later call.',
        request: schema_js_1.s.object('LoginRequest', { userName: schema_js_1.s.req(schema_js_1.s.string({ min: 1, max: 100 })), password: schema_js_1.s.req(schema_js_1.s.string({ min: 1, max: 200 })) }),
        response: schema_js_1.s.object('LoginResponse', {
            sessionToken: schema_js_1.s.req(schema_js_1.s.string()),
            expiresAt: schema_js_1.s.req(isoTimestamp),
            userId: schema_js_1.s.req(schema_js_1.s.string()),
            userName: schema_js_1.s.req(schema_js_1.s.string()),
            displayName: schema_js_1.s.req(schema_js_1.s.string()),
            responsibilityId: schema_js_1.s.req(schema_js_1.s.string()),
            visibility: schema_js_1.s.req(visibility),
            isAdmin: schema_js_1.s.req(schema_js_1.s.boolean()),
        }),
    }),
    Logout: op({
        access: 'session',
        mutating: false,
        doc: 'Ends the session; its token is refused afterwards.',
        request: schema_js_1.s.object('LogoutRequest', {}),
        response: schema_js_1.s.object('LogoutResponse', {}),
    }),
    RegisterSite: op({
        access: 'session',
        mutating: true,
        doc: 'Registers this device once; later calls from it carry the database id.',
        request: schema_js_1.s.object('RegisterSiteRequest', { deviceName: schema_js_1.s.req(schema_js_1.s.string({ min: 1, max: 200 })), operationId: schema_js_1.s.opt(operationId) }),
        response: schema_js_1.s.object('RegisterSiteResponse', { siteId: schema_js_1.s.req(schema_js_1.s.string()), databaseId: schema_js_1.s.req(schema_js_1.s.string()) }),
    }),
    GetChangeKeys: op({
        access: 'session',
        mutating: false,
        doc: 'Pages through the change keys of one object type under visibility and filter, ordered by row id.',
        request: schema_js_1.s.object('GetChangeKeysRequest', {
            objectType: schema_js_1.s.req(objectType),
            filter: schema_js_1.s.opt(filter_expression_js_1.filterExprSchema),
            pageToken: schema_js_1.s.opt(schema_js_1.s.string({ min: 1, max: 2_000 })),
            pageSize: schema_js_1.s.opt(schema_js_1.s.integer({ min: 1, max: exports.LIMITS.maxPageSize })),
        }),
        response: schema_js_1.s.object('GetChangeKeysResponse', { keys: schema_js_1.s.req(schema_js_1.s.array(changeKey)), nextPageToken: schema_js_1.s.opt(schema_js_1.s.string()) }),
    }),
    QueryRecords: op({
        access: 'session',
        mutating: false,
        doc: 'Reads whole records by row id; ids that do not exist or are not visible are listed in notFound.',
        request: schema_js_1.s.object('QueryRecordsRequest', {
            objectType: schema_js_1.s.req(objectType),
            rowIds: schema_js_1.s.req(schema_js_1.s.array(rowId, { min: 1, max: exports.LIMITS.maxRowIdsPerQuery })),
        }),
        response: schema_js_1.s.object('QueryRecordsResponse', { records: schema_js_1.s.req(schema_js_1.s.array(record)), notFound: schema_js_1.s.req(schema_js_1.s.array(rowId)) }),
    }),
    QueryByUserKey: op({
        access: 'session',
        mutating: false,
        doc: "Finds visible records that match any of the object's user keys on the given field values.",
        request: schema_js_1.s.object('QueryByUserKeyRequest', { objectType: schema_js_1.s.req(objectType), fields: schema_js_1.s.req(schema_js_1.s.fieldValues()) }),
        response: schema_js_1.s.object('QueryByUserKeyResponse', { records: schema_js_1.s.req(schema_js_1.s.array(record)) }),
    }),
    InsertRecord: op({
        access: 'session',
        mutating: true,
        doc: 'Creates a record after a user-key check; a retried operation id answers the first result.',
        request: schema_js_1.s.object('InsertRecordRequest', { operationId: schema_js_1.s.req(operationId), objectType: schema_js_1.s.req(objectType), fields: schema_js_1.s.req(schema_js_1.s.fieldValues()) }),
        response: writeResult,
    }),
    UpdateRecord: op({
        access: 'session',
        mutating: true,
        doc: 'Changes the given fields if the record still has the modification number the client saw.',
        request: schema_js_1.s.object('UpdateRecordRequest', {
            operationId: schema_js_1.s.req(operationId),
            objectType: schema_js_1.s.req(objectType),
            rowId: schema_js_1.s.req(rowId),
            modNum: schema_js_1.s.req(modNum),
            fields: schema_js_1.s.req(schema_js_1.s.fieldValues()),
        }),
        response: writeResult,
    }),
    DeleteRecord: op({
        access: 'session',
        mutating: true,
        doc: 'Deletes a record if it still has the modification number the client saw.',
        request: schema_js_1.s.object('DeleteRecordRequest', { operationId: schema_js_1.s.req(operationId), objectType: schema_js_1.s.req(objectType), rowId: schema_js_1.s.req(rowId), modNum: schema_js_1.s.req(modNum) }),
        response: schema_js_1.s.object('DeleteRecordResponse', { rowId: schema_js_1.s.req(rowId) }),
    }),
    EstimateCount: op({
        access: 'session',
        mutating: false,
        doc: 'Counts the records of one object type that visibility and the filter select.',
        request: schema_js_1.s.object('EstimateCountRequest', { objectType: schema_js_1.s.req(objectType), filter: schema_js_1.s.opt(filter_expression_js_1.filterExprSchema) }),
        response: schema_js_1.s.object('EstimateCountResponse', { count: schema_js_1.s.req(schema_js_1.s.integer({ min: 0 })) }),
    }),
    DownloadMetadataFiles: op({
        access: 'session',
        mutating: false,
        doc: "The customization package of the caller's responsibility; containsFiles=false when the cached ids and hash still match.",
        request: schema_js_1.s.object('DownloadMetadataFilesRequest', {
            packageId: schema_js_1.s.opt(schema_js_1.s.string({ max: 200 })),
            responsibilityId: schema_js_1.s.opt(schema_js_1.s.string({ max: 100 })),
            hashValue: schema_js_1.s.opt(schema_js_1.s.string({ max: 200 })),
            productVersion: schema_js_1.s.opt(versionText),
        }),
        response: schema_js_1.s.object('DownloadMetadataFilesResponse', {
            containsFiles: schema_js_1.s.req(schema_js_1.s.boolean()),
            packageId: schema_js_1.s.req(schema_js_1.s.string()),
            responsibilityId: schema_js_1.s.req(schema_js_1.s.string()),
            hashValue: schema_js_1.s.req(schema_js_1.s.string()),
            files: schema_js_1.s.opt(schema_js_1.s.array(packageFile)),
            productCompatible: schema_js_1.s.opt(schema_js_1.s.boolean()),
            preferredProductVersion: schema_js_1.s.opt(schema_js_1.s.string()),
        }),
    }),
    PublishPackage: op({
        access: 'admin',
        mutating: true,
        doc: 'Validates a customization package and makes it the active package of a responsibility.',
        request: schema_js_1.s.object('PublishPackageRequest', {
            operationId: schema_js_1.s.opt(operationId),
            responsibilityId: schema_js_1.s.req(schema_js_1.s.string({ min: 1, max: 100 })),
            files: schema_js_1.s.req(schema_js_1.s.array(packageFile, { min: 1, max: exports.LIMITS.maxPackageFiles })),
        }),
        response: schema_js_1.s.object('PublishPackageResponse', {
            packageId: schema_js_1.s.req(schema_js_1.s.string()),
            hashValue: schema_js_1.s.req(schema_js_1.s.string()),
            version: schema_js_1.s.req(schema_js_1.s.string()),
            structureHash: schema_js_1.s.req(schema_js_1.s.string()),
        }),
    }),
};
exports.OPERATION_NAMES = Object.keys(exports.OPERATIONS);
function isOperationName(name) {
    return Object.hasOwn(exports.OPERATIONS, name);
}
//# sourceMappingURL=operations.js.map