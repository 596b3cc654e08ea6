import type { OperationName } from '../../protocol/index.js';
import { handleApplyChanges } from './handle-apply-changes.js';
import { handleDeleteRecord } from './handle-delete-record.js';
import { handleDownloadMetadataFiles } from './handle-download-metadata-files.js';
import { handleEstimateCount } from './handle-estimate-count.js';
import { handleGetChangeKeys } from './handle-get-change-keys.js';
import { handleInsertRecord } from './handle-insert-record.js';
import { handleListRecords } from './handle-list-records.js';
import { handleLogin } from './handle-login.js';
import { handleLogout } from './handle-logout.js';
import { handlePublishPackage } from './handle-publish-package.js';
import { handleQueryByUserKey } from './handle-query-by-user-key.js';
import { handleQueryRecords } from './handle-query-records.js';
import { handleReconcileKeys } from './handle-reconcile-keys.js';
import { handleRegisterSite } from './handle-register-site.js';
import { handleReportDevice } from './handle-report-device.js';
import { handleUpdateRecord } from './handle-update-record.js';
import { handleBeginRestore } from './handle-begin-restore.js';
import { handleClaimReplacement } from './handle-claim-replacement.js';
import { handleCompleteRestore } from './handle-complete-restore.js';
import { handleFinishReplacement } from './handle-finish-replacement.js';
import { handleGetExtractPage } from './handle-get-extract-page.js';
import { handleGetReplacement } from './handle-get-replacement.js';
import { handleListPackages } from './handle-list-packages.js';
import { handleListSites } from './handle-list-sites.js';
import { handleRequestReplacement } from './handle-request-replacement.js';
import { handleRetryReplacementStep } from './handle-retry-replacement-step.js';
import type { Handler } from './handler.js';

/** One handler per operation of the protocol; the type makes a missing one a compile error. */
export const OPERATION_HANDLERS: { readonly [N in OperationName]: Handler<N> } = {
  Login: handleLogin,
  Logout: handleLogout,
  RegisterSite: handleRegisterSite,
  ReportDevice: handleReportDevice,
  GetChangeKeys: handleGetChangeKeys,
  ReconcileKeys: handleReconcileKeys,
  ListRecords: handleListRecords,
  QueryRecords: handleQueryRecords,
  QueryByUserKey: handleQueryByUserKey,
  InsertRecord: handleInsertRecord,
  UpdateRecord: handleUpdateRecord,
  DeleteRecord: handleDeleteRecord,
  ApplyChanges: handleApplyChanges,
  EstimateCount: handleEstimateCount,
  DownloadMetadataFiles: handleDownloadMetadataFiles,
  PublishPackage: handlePublishPackage,
  ListSites: handleListSites,
  RequestReplacement: handleRequestReplacement,
  GetReplacement: handleGetReplacement,
  RetryReplacementStep: handleRetryReplacementStep,
  ClaimReplacement: handleClaimReplacement,
  BeginRestore: handleBeginRestore,
  GetExtractPage: handleGetExtractPage,
  CompleteRestore: handleCompleteRestore,
  FinishReplacement: handleFinishReplacement,
  ListPackages: handleListPackages,
};
