import { ProtocolError, type OperationName } from '../protocol/index.js';
import { realTimers, type Timers } from './timers.js';
import type { CallContext } from './transport.js';

/**
 * How long a transport waits for one answer (request sent, whole body read) unless
 * the transport or the call says otherwise. Long enough for the largest page or
 * package over a slow link; short enough that a sync whose connection silently
 * died fails and frees its lock instead of hanging until the pane is closed.
 */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

/** A transport's own limits: the default deadline of its calls and the timers that measure it. */
export interface TransportOptions {
  readonly timeoutMs?: number;
  readonly timers?: Timers;
}

/**
 * Runs one request/answer exchange under a deadline and the caller's cancel signal.
 * `exchange` gets a signal that aborts the request in flight either way; this does
 * not wait for the exchange to notice: a fetch (or a body read) that ignores its
 * signal still ends the call on time. Rejects with CANCELLED when the caller
 * cancelled (before or during the call), with CONNECTIVITY naming the operation and
 * the limit when no answer came in time: the request may or may not have been
 * applied, which is what CONNECTIVITY means to the engine (it keeps the pending
 * operation id and repeats the same request next time).
 */
export function callWithDeadline<T>(
  operation: OperationName,
  context: CallContext,
  options: TransportOptions,
  exchange: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeoutMs = context.timeoutMs ?? options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const timers = options.timers ?? realTimers;
  const cancel = context.signal;
  if (cancel?.aborted) return Promise.reject(cancelled(operation, cancel));
  const inFlight = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      timers.clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
      outcome();
    };
    const onCancel = (): void => {
      settle(() => reject(cancelled(operation, cancel)));
      inFlight.abort();
    };
    const timer = timers.setTimeout(() => {
      settle(() => reject(timedOut(operation, timeoutMs)));
      inFlight.abort();
    }, timeoutMs);
    cancel?.addEventListener('abort', onCancel, { once: true });
    exchange(inFlight.signal).then(
      (value) => settle(() => resolve(value)),
      (error: unknown) => settle(() => reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
}

function cancelled(operation: OperationName, signal: AbortSignal | undefined): ProtocolError {
  return new ProtocolError(
    'CANCELLED',
    `${operation} was cancelled before the gateway answered.`,
    { operation },
    { cause: signal?.reason },
  );
}

function timedOut(operation: OperationName, timeoutMs: number): ProtocolError {
  return new ProtocolError(
    'CONNECTIVITY',
    `${operation} timed out after ${formatDuration(timeoutMs)}: the gateway did not answer. Check the network connection and try again.`,
    { operation, timeoutMs },
  );
}

/** 60000 → "60 s", 1500 → "1.5 s", 250 → "250 ms". */
export function formatDuration(ms: number): string {
  return ms < 1_000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
