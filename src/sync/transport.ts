import type { OperationName, RequestOf, ResponseOf } from '../protocol/index.js';

/** Credentials that travel with a call: JSON headers or SOAP header elements. */
export interface CallContext {
  readonly sessionToken?: string | undefined;
  readonly databaseId?: string | undefined;
}

/**
 * The sync engine's only way to the gateway. Contract: resolves with the
 * operation's response, or rejects with a ProtocolError — the gateway's code, or
 * CONNECTIVITY when no answer arrived (the request may or may not have been
 * applied: mutating calls carry operation ids, so the engine simply retries).
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
