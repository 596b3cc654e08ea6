import { ProtocolError, type OperationName } from '../protocol/index.js';

/**
 * Whether `error` is how a gateway older than `operation` refuses it: INVALID_REQUEST
 * naming the operation (build-server.ts, "Unknown operation"). The engine then uses
 * the older operations that do the same work (GetChangeKeys for ReconcileKeys,
 * QueryRecords for ListRecords, single writes for ApplyChanges).
 */
export function lacksOperation(error: unknown, operation: OperationName): boolean {
  return error instanceof ProtocolError && error.code === 'INVALID_REQUEST' && error.details?.['operation'] === operation;
}
