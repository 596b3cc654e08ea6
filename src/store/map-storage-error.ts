import { ProtocolError } from '../protocol/index.js';

/**
 * Turns whatever IndexedDB or Dexie threw into the store's error contract:
 * - quota exhausted, however deep it is nested (Dexie wraps it as `inner` of an
 *   AbortError/OpenFailedError, in the `failures` of a BulkError, or as `cause`)
 *   → STORAGE_FULL, worded for the rep;
 * - a table or index that is not there → STRUCTURE_DAMAGED (a sync rebuilds it);
 * - anything else → STORAGE_FAILED, with the original as `cause`.
 * A ProtocolError passes through unchanged.
 */
export function mapStorageError(error: unknown, operation: string): ProtocolError {
  if (error instanceof ProtocolError) return error;
  const chain = [...errorChain(error)];
  if (chain.some((e) => nameOf(e) === 'QuotaExceededError')) {
    return new ProtocolError(
      'STORAGE_FULL',
      'The browser has no more storage space for Fieldbook, so this could not be saved. Free some disk space (or remove other websites’ data from the browser) and try again.',
      { operation },
      { cause: error },
    );
  }
  const structural = chain.find((e) => STRUCTURE_ERRORS.has(nameOf(e) ?? ''));
  if (structural !== undefined) {
    return new ProtocolError(
      'STRUCTURE_DAMAGED',
      'Fieldbook’s offline data is incomplete (part of its structure is missing). Synchronize to rebuild it.',
      { operation, reason: messageOf(structural) },
      { cause: error },
    );
  }
  return new ProtocolError(
    'STORAGE_FAILED',
    `Fieldbook could not ${operation} in the browser’s offline storage.`,
    { operation, error: nameOf(error) ?? 'unknown', reason: messageOf(error) },
    { cause: error },
  );
}

/** The error raised when an object type has no table: a package table that is gone is damage. */
export function missingTableError(objectType: string, operation: string): ProtocolError {
  return new ProtocolError('STRUCTURE_DAMAGED', `Fieldbook’s offline data has no table for ${objectType}. Synchronize to rebuild it.`, {
    operation,
    objectType,
  });
}

/**
 * Names meaning "the structure is not what the code expects": Dexie's
 * InvalidTableError (no such table) and SchemaError (no such index), IndexedDB's
 * NotFoundError (a transaction over a store that does not exist).
 */
const STRUCTURE_ERRORS: ReadonlySet<string> = new Set(['InvalidTableError', 'SchemaError', 'NotFoundError']);

/** The error and everything nested in it, each once. */
function* errorChain(error: unknown, seen: Set<unknown> = new Set()): Generator<unknown> {
  if (error === null || error === undefined || seen.has(error)) return;
  seen.add(error);
  yield error;
  if (typeof error !== 'object') return;
  const nested = error as { inner?: unknown; cause?: unknown; failures?: unknown; failuresByPos?: unknown };
  yield* errorChain(nested.inner, seen);
  yield* errorChain(nested.cause, seen);
  for (const list of [nested.failures, nested.failuresByPos]) {
    if (list !== null && typeof list === 'object') {
      for (const failure of Object.values(list)) yield* errorChain(failure, seen);
    }
  }
}

function nameOf(error: unknown): string | undefined {
  if (error !== null && typeof error === 'object' && 'name' in error && typeof error.name === 'string') return error.name;
  return undefined;
}

function messageOf(error: unknown): string {
  if (error !== null && typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}
