import { sql, type Kysely } from 'kysely';
import { isChangeErrorCode, ProtocolError, type Change, type ChangeResult, type FieldValue } from '../../protocol/index.js';
import type { ObjectDefinition } from '../../metadata/index.js';
import type { Caller } from '../auth/caller.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { GatewayContext } from '../gateway-context.js';
import { publishedFieldRules, type FieldRules } from '../packages/published-field-rules.js';
import { deleteRecord } from '../records/delete-record.js';
import { insertRecord } from '../records/insert-record.js';
import { requireObject } from '../records/require-object.js';
import { updateRecord } from '../records/update-record.js';
import type { Handler } from './handler.js';
import { logAnswer, loggedAnswer, requestHashOf, type LoggedAnswer } from './operation-log.js';

/** What an insert's tempId stands for in the later changes of its batch. */
type TempTarget = { readonly rowId: string } | { readonly refusedOperationId: string };

/**
 * A batch of uploads (issue 12, "Batched uploads"). dispatchOperation runs it in one
 * transaction, so every change's write and log entry commit together, or, when
 * anything fails that is not a change's refusal, none of them. Each change is its
 * single operation (InsertRecord, UpdateRecord, DeleteRecord) with the same checks
 * and answers, logged under its own operation id as that operation, so a retried
 * batch replays each change's first answer, refusals included, and a change first
 * sent alone replays in a batch and the other way round.
 */
export const handleApplyChanges: Handler<'ApplyChanges'> = async (ctx, { request, caller, db }) => {
  const temps = new Map<string, TempTarget>();
  const now = ctx.clock.now();
  // Read once: the whole batch is held to the package in force when it arrived.
  const rules = await publishedFieldRules(db, caller.responsibilityId);
  const results: ChangeResult[] = [];
  // One after the other: a change sees what the changes before it wrote (a tempId, a new modNum).
  for (const change of request.changes) results.push(await applyChange(ctx, db, caller, change, temps, rules, now));
  return { results };
};

async function applyChange(
  ctx: GatewayContext,
  db: Kysely<DatabaseSchema>,
  caller: Caller,
  change: Change,
  temps: Map<string, TempTarget>,
  rules: FieldRules,
  now: number,
): Promise<ChangeResult> {
  const single = singleRequestOf(change);
  const operationId = single.request.operationId;
  const requestHash = requestHashOf(single.operation, single.request);
  const tempId = change.insert?.tempId;
  let answer: LoggedAnswer | undefined;
  try {
    answer = await loggedAnswer(db, caller.userId, operationId, requestHash);
  } catch (error) {
    // The id was spent on another request: refused, and the log keeps that request's answer.
    if (!(error instanceof ProtocolError)) throw error;
    if (tempId !== undefined) temps.set(tempId, { refusedOperationId: operationId });
    return resultOf(operationId, { refusal: error });
  }
  if (answer === undefined) {
    answer = await firstAnswer(ctx, db, caller, change, temps, rules, now);
    await logAnswer(db, {
      userId: caller.userId,
      operationId,
      operation: single.operation,
      requestHash,
      answer,
      siteId: caller.siteId,
      at: now,
    });
  }
  if (tempId !== undefined) {
    temps.set(tempId, 'refusal' in answer ? { refusedOperationId: operationId } : { rowId: (answer.response as { rowId: string }).rowId });
  }
  return resultOf(operationId, answer);
}

/** The single operation a change is, and its request (an insert's tempId is the batch's business, not the record's). */
function singleRequestOf(change: Change) {
  if (change.insert) {
    const { operationId, objectType, fields } = change.insert;
    return { operation: 'InsertRecord', request: { operationId, objectType, fields } } as const;
  }
  if (change.update) return { operation: 'UpdateRecord', request: change.update } as const;
  if (change.delete) return { operation: 'DeleteRecord', request: change.delete } as const;
  // The request schema refuses such a change before it gets here.
  throw new ProtocolError('INVALID_REQUEST', 'A change holds exactly one of insert, update, delete');
}

/**
 * Runs one change inside a savepoint. A refusal (a code a single operation refuses
 * with) is the change's answer: whatever it wrote is rolled back to the savepoint and
 * the batch goes on. Anything else fails the batch and its whole transaction.
 */
async function firstAnswer(
  ctx: GatewayContext,
  db: Kysely<DatabaseSchema>,
  caller: Caller,
  change: Change,
  temps: ReadonlyMap<string, TempTarget>,
  rules: FieldRules,
  now: number,
): Promise<LoggedAnswer> {
  await sql`savepoint apply_change`.execute(db);
  try {
    const response = await write(ctx, db, caller, change, temps, rules, now);
    await sql`release savepoint apply_change`.execute(db);
    return { response };
  } catch (error) {
    if (!(error instanceof ProtocolError) || !isChangeErrorCode(error.code)) throw error;
    await sql`rollback to savepoint apply_change`.execute(db);
    await sql`release savepoint apply_change`.execute(db);
    return { refusal: error };
  }
}

async function write(
  ctx: GatewayContext,
  db: Kysely<DatabaseSchema>,
  caller: Caller,
  change: Change,
  temps: ReadonlyMap<string, TempTarget>,
  rules: FieldRules,
  now: number,
): Promise<unknown> {
  if (change.insert) {
    const object = requireObject(ctx.catalog, change.insert.objectType);
    return insertRecord(db, caller, object, withTempIdsResolved(object, change.insert.fields, temps), rules, now);
  }
  if (change.update) {
    const object = requireObject(ctx.catalog, change.update.objectType);
    return updateRecord(db, caller, object, change.update, withTempIdsResolved(object, change.update.fields, temps), rules, now);
  }
  if (change.delete) return deleteRecord(db, caller, requireObject(ctx.catalog, change.delete.objectType), change.delete);
  throw new ProtocolError('INVALID_REQUEST', 'A change holds exactly one of insert, update, delete');
}

/**
 * Reference fields holding the tempId of an earlier insert of the batch get that
 * insert's row id; the usual reference check then applies to it. A tempId whose
 * insert was refused refuses the change that refers to it.
 */
function withTempIdsResolved(
  object: ObjectDefinition,
  fields: Readonly<Record<string, FieldValue>>,
  temps: ReadonlyMap<string, TempTarget>,
): Record<string, FieldValue> {
  const out = { ...fields };
  const problems: string[] = [];
  for (const field of object.fields) {
    const value = fields[field.name];
    if (field.type !== 'reference' || typeof value !== 'string') continue;
    const target = temps.get(value);
    if (target === undefined) continue;
    if ('rowId' in target) out[field.name] = target.rowId;
    else problems.push(`${field.name} refers to ${value}, whose insert (operation ${target.refusedOperationId}) was refused`);
  }
  if (problems.length > 0) {
    throw new ProtocolError('INVALID_REQUEST', `Invalid ${object.name}: ${problems.join('; ')}`, { objectType: object.name, problems });
  }
  return out;
}

function resultOf(operationId: string, answer: LoggedAnswer): ChangeResult {
  if (!('refusal' in answer)) return { operationId, ok: answer.response as NonNullable<ChangeResult['ok']> };
  const { code, message, details } = answer.refusal;
  // Only refusals of a change are logged as answers; anything else failed the batch before.
  if (!isChangeErrorCode(code)) throw answer.refusal;
  return { operationId, error: details === undefined ? { code, message } : { code, message, details } };
}
