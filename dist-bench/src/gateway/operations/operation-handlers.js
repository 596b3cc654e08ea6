"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OPERATION_HANDLERS = void 0;
const handle_delete_record_js_1 = require("./handle-delete-record.js");
const handle_download_metadata_files_js_1 = require("./handle-download-metadata-files.js");
const handle_estimate_count_js_1 = require("./handle-estimate-count.js");
const handle_get_change_keys_js_1 = require("./handle-get-change-keys.js");
const handle_insert_record_js_1 = require("./handle-insert-record.js");
const handle_login_js_1 = require("./handle-login.js");
const handle_logout_js_1 = require("./handle-logout.js");
const handle_publish_package_js_1 = require("./handle-publish-package.js");
const handle_query_by_user_key_js_1 = require("./handle-query-by-user-key.js");
const handle_query_records_js_1 = require("./handle-query-records.js");
const handle_register_site_js_1 = require("./handle-register-site.js");
const handle_update_record_js_1 = require("./handle-update-record.js");
/** One handler per operation of the protocol; the type makes a missing one a compile error. */
exports.OPERATION_HANDLERS = {
    Login: handle_login_js_1.handleLogin,
    Logout: handle_logout_js_1.handleLogout,
    RegisterSite: handle_register_site_js_1.handleRegisterSite,
    GetChangeKeys: handle_get_change_keys_js_1.handleGetChangeKeys,
    QueryRecords: handle_query_records_js_1.handleQueryRecords,
    QueryByUserKey: handle_query_by_user_key_js_1.handleQueryByUserKey,
    InsertRecord: handle_insert_record_js_1.handleInsertRecord,
    UpdateRecord: handle_update_record_js_1.handleUpdateRecord,
    DeleteRecord: handle_delete_record_js_1.handleDeleteRecord,
    EstimateCount: handle_estimate_count_js_1.handleEstimateCount,
    DownloadMetadataFiles: handle_download_metadata_files_js_1.handleDownloadMetadataFiles,
    PublishPackage: handle_publish_package_js_1.handlePublishPackage,
};
//# sourceMappingURL=operation-handlers.js.map