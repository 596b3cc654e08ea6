import type { OperationName, RequestOf, ResponseOf } from '../protocol/index.js';

/**
 * What travels with a call: credentials (JSON headers or SOAP header elements),
 * and the caller's limits on it.
 */
export interface CallContext {
  readonly sessionToken?: string | undefined;
  readonly databaseId?: string | undefined;
  /** Aborts the request in flight (the sync was cancelled): the call rejects with CANCELLED. */
  readonly signal?: AbortSignal | undefined;
  /** The longest wait for this call's answer, in ms; the transport's own limit when absent. */
  readonly timeoutMs?: number | undefined;
}

/**
 * The sync engine's only way to the gateway. Contract: resolves with the
 * operation's response, checked against the contract, or rejects with a
 * ProtocolError — the gateway's code; CONNECTIVITY when no usable answer arrived
 * (none, none in time, or one that does not match the contract: the request may
 * or may not have been applied, and mutating calls carry operation ids, so the
 * engine simply retries); CANCELLED when `context.signal` aborted it.
 */
export interface Transport {
  call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>>;
}

/** The fetch function the adapters use; injectable for tests and for hosts without a global fetch. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;
