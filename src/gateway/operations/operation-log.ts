import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ProtocolError, type WireError } from '../../protocol/index.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import { canonicalJson } from './canonical-json.js';

/**
 * The operation log: per (user, operation id) the first answer to a mutating request
 * and the hash of that request, so a retry answers it again instead of writing twice
 * and the same id with another request is refused. A single operation logs only what
 * it answered (a refusal rolls its transaction back); a change of an ApplyChanges
 * batch also logs its refusal, stored as the JSON encoding's error body, because the
 * batch around it commits.
 */
export interface OperationLogEntry {
  readonly userId: string;
  readonly operationId: string;
  /** The single operation the request is, e.g. InsertRecord for an insert change of a batch. */
  readonly operation: string;
  readonly requestHash: string;
  readonly answer: LoggedAnswer;
  readonly siteId: string | null;
  readonly at: number;
}

/** What a logged request answered: its response, or the refusal of a batch change. */
export type LoggedAnswer = { readonly response: unknown } | { readonly refusal: ProtocolError };

/** The hash a request is logged under; a batch change hashes as its single operation, so either form replays the other. */
export function requestHashOf(operation: string, request: unknown): string {
  return createHash('sha256')
    .update(`${operation}\n${canonicalJson(request)}`)
    .digest('hex');
}

/**
 * The logged answer for this user and operation id, if any. The same id logged with
 * another request hash is refused (INVALID_REQUEST), whatever the request is now.
 */
export async function loggedAnswer(
  db: Kysely<DatabaseSchema>,
  userId: string,
  operationId: string,
  requestHash: string,
): Promise<LoggedAnswer | undefined> {
  const row = await db
    .selectFrom('operation_log')
    .select(['request_hash', 'response'])
    .where('user_id', '=', userId)
    .where('operation_id', '=', operationId)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.request_hash !== requestHash) {
    throw new ProtocolError('INVALID_REQUEST', `Operation id ${operationId} was already used for a different request`, { operationId });
  }
  const stored = JSON.parse(row.response) as unknown;
  const refusal = refusalIn(stored);
  return refusal ? { refusal } : { response: stored };
}

export async function logAnswer(db: Kysely<DatabaseSchema>, entry: OperationLogEntry): Promise<void> {
  const stored = 'refusal' in entry.answer ? { error: entry.answer.refusal.toWire() } : entry.answer.response;
  await db
    .insertInto('operation_log')
    .values({
      user_id: entry.userId,
      operation_id: entry.operationId,
      operation: entry.operation,
      request_hash: entry.requestHash,
      response: JSON.stringify(stored),
      created_at: entry.at,
      site_id: entry.siteId,
    })
    .execute();
}

/** A logged refusal is `{ error: { code, message, details? } }` alone; no response of the protocol has that shape. */
function refusalIn(stored: unknown): ProtocolError | undefined {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return undefined;
  const keys = Object.keys(stored);
  if (keys.length !== 1 || keys[0] !== 'error') return undefined;
  const error = (stored as { error: WireError }).error;
  return new ProtocolError(error.code, error.message, error.details);
}
