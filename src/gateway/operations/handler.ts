import type { Kysely } from 'kysely';
import type { OperationName, OPERATIONS, RequestOf, ResponseOf } from '../../protocol/index.js';
import type { Caller } from '../auth/caller.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { GatewayContext } from '../gateway-context.js';

/**
 * What a handler gets for one call. `db` is a transaction for mutating
 * operations (the write and its operation-log entry commit together) and the
 * plain connection otherwise.
 */
export type CallOf<N extends OperationName> = {
  readonly request: RequestOf<N>;
  readonly db: Kysely<DatabaseSchema>;
  /**
   * Runs `action` once the call's writes are committed (at once for a call without a
   * transaction): work that another connection or process picks up, such as a
   * replacement job, must not look before the rows are there.
   */
  readonly afterCommit: (action: () => void) => void;
} & ((typeof OPERATIONS)[N]['access'] extends 'public' ? { readonly caller: null } : { readonly caller: Caller });

export type Handler<N extends OperationName> = (ctx: GatewayContext, call: CallOf<N>) => Promise<ResponseOf<N>>;
