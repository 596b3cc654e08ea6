import type { Kysely } from 'kysely';
import { OPERATIONS, ProtocolError, type OperationName, type RequestOf, type ResponseOf } from '../../protocol/index.js';
import { authenticate, findSite, type Credentials } from '../auth/authenticate.js';
import type { Caller } from '../auth/caller.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { GatewayContext } from '../gateway-context.js';
import { lockSiteForWrite } from '../sites/site-write-lock.js';
import type { CallOf } from './handler.js';
import { OPERATION_HANDLERS } from './operation-handlers.js';
import { logAnswer, loggedAnswer, requestHashOf } from './operation-log.js';

/**
 * Runs one decoded, validated request, whichever encoding it came in: checks the
 * session and the site, the admin right, and for mutating operations makes the
 * write and its operation-log entry one transaction, so a retried operation id
 * answers the first result instead of writing twice.
 *
 * A device's write holds a shared lock on its site row for its transaction and is
 * refused once the site is revoked (site-write-lock.ts): device replacement lets
 * those writes finish before it revokes the site, whichever process serves them.
 * A call that succeeds records the site's last sync time (at most one write per
 * site per half minute per process).
 */
export async function dispatchOperation<N extends OperationName>(
  ctx: GatewayContext,
  operation: N,
  request: RequestOf<N>,
  credentials: Credentials,
): Promise<ResponseOf<N>> {
  const { response, caller } = await dispatch(ctx, operation, request, credentials);
  const now = ctx.clock.now();
  if (caller?.siteId && ctx.lastSyncThrottle.shouldRecord(caller.siteId, now)) {
    await ctx.database.db
      .updateTable('sites')
      .set({ last_sync_at: now })
      .where('site_id', '=', caller.siteId)
      .where('status', '=', 'active')
      .execute();
  }
  return response;
}

async function dispatch<N extends OperationName>(
  ctx: GatewayContext,
  operation: N,
  request: RequestOf<N>,
  credentials: Credentials,
): Promise<{ response: ResponseOf<N>; caller: Caller | null }> {
  const spec = OPERATIONS[operation];
  const { db } = ctx.database;
  let caller: Caller | null = null;
  if (spec.access === 'public') {
    if (credentials.databaseId) await findSite(db, credentials.databaseId);
  } else {
    caller = await authenticate(db, ctx.clock.now(), credentials);
    if (spec.access === 'admin' && !caller.isAdmin) {
      throw new ProtocolError('FORBIDDEN', `${operation} is for administrators only`);
    }
  }
  const handler = OPERATION_HANDLERS[operation] as (c: GatewayContext, call: CallOf<N>) => Promise<ResponseOf<N>>;
  const committed: Array<() => void> = [];
  const afterCommit = (action: () => void) => void committed.push(action);
  const run = (conn: Kysely<DatabaseSchema>) => handler(ctx, { request, db: conn, caller, afterCommit } as CallOf<N>);
  // A device's write, in its transaction: ordered against its site's revocation.
  const write = async (trx: Kysely<DatabaseSchema>) => {
    if (caller?.siteId) await lockSiteForWrite(trx, ctx.database.dialect, caller.siteId);
    return run(trx);
  };
  // The transaction (if any) has committed once the response is here; a failed call runs nothing.
  const answer = async (response: Promise<ResponseOf<N>>) => {
    const settled = await response;
    for (const action of committed.splice(0)) action();
    return { response: settled, caller };
  };
  if (!spec.mutating) return answer(run(db));
  // A public mutating operation (ClaimReplacement) has no user to log under; it
  // keeps its own transactions, so that a refused attempt is still counted.
  if (caller === null) return answer(run(db));

  const operationId = (request as { operationId?: string }).operationId;
  if (operationId === undefined) return answer(db.transaction().execute(write));
  const userId = caller.userId;
  const siteId = caller.siteId;
  const requestHash = requestHashOf(operation, request);
  try {
    return await answer(
      db.transaction().execute(async (trx) => {
        const logged = await replay<N>(trx, userId, operationId, requestHash);
        if (logged) return logged;
        const response = await write(trx);
        await logAnswer(trx, { userId, operationId, operation, requestHash, answer: { response }, siteId, at: ctx.clock.now() });
        return response;
      }),
    );
  } catch (error) {
    // Two tries of one operation racing (two processes, or a retry while the first is
    // still running): the loser waits on the winner's rows and then fails, on the log's
    // primary key or on the very write the winner made (a user key: DUPLICATE_USER_KEY;
    // a modification number: COLLISION). Its transaction rolled back; once the winner's
    // answer is committed, that answer is the answer to both.
    const logged = await replay<N>(db, userId, operationId, requestHash);
    if (logged) return { response: logged, caller };
    throw error;
  }
}

/** The logged answer to a retried request; a change an ApplyChanges batch refused under this id is refused again. */
async function replay<N extends OperationName>(
  db: Kysely<DatabaseSchema>,
  userId: string,
  operationId: string,
  requestHash: string,
): Promise<ResponseOf<N> | undefined> {
  const logged = await loggedAnswer(db, userId, operationId, requestHash);
  if (logged === undefined) return undefined;
  if ('refusal' in logged) throw logged.refusal;
  return logged.response as ResponseOf<N>;
}
