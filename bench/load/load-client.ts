import { ProtocolError, type OperationName, type RequestOf, type ResponseOf } from '../../src/protocol/index.js';
import { JsonTransport, type CallContext } from '../../src/sync/index.js';
import type { LatencyRecorder } from './latency-recorder.js';

/** A call that got no usable answer, or a refusal: names the operation and how many processes were tried. */
export class CallFailed extends Error {
  constructor(
    readonly operation: OperationName,
    readonly attempts: number,
    cause: unknown,
  ) {
    const code = cause instanceof ProtocolError ? cause.code : 'EXCEPTION';
    super(
      `${operation} (${attempts} attempt${attempts > 1 ? 's' : ''}): ${code}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }

  /** The gateway's error code, when it answered one. */
  get code(): string | null {
    return this.cause instanceof ProtocolError ? this.cause.code : null;
  }
}

/** Attempts of one call over the gateway processes before it counts as failed. */
const MAX_ATTEMPTS = 8;
/** Pause before the nth retry: long enough for a restarted process, short against a sync. */
const RETRY_PAUSE_MS = 150;

/**
 * The simulated devices' way to the gateway processes: each call goes to the next
 * process round-robin (as a load balancer would send it), through the sync engine's
 * own JsonTransport, which checks every answer against the contract. A call with no
 * usable answer (CONNECTIVITY: the process refused the connection, died with the
 * request in flight, or answered garbage) is sent again, the same request with the same
 * operation id, to the next process: mutating operations are logged under their
 * operation id, so a retry of something already applied answers its first result and
 * writes nothing. Latency is per call as the device sees it, retries included.
 */
export class LoadClient {
  private readonly transports: JsonTransport[];
  private next = 0;
  /** Calls waiting for an answer, per process and operation: the kill test picks its moment by them. */
  private readonly inFlight: Array<Map<string, number>>;
  retries = 0;

  constructor(
    urls: readonly string[],
    private latency: LatencyRecorder,
  ) {
    this.transports = urls.map((url) => new JsonTransport(url, undefined, { timeoutMs: 120_000 }));
    this.inFlight = urls.map(() => new Map<string, number>());
  }

  /** The calls now waiting for process `index`, per operation. */
  inFlightOn(index: number): Record<string, number> {
    return Object.fromEntries([...(this.inFlight[index] ?? [])].filter(([, n]) => n > 0));
  }

  /** Where latencies go from now on: set-up calls are kept apart from the timed phase's. */
  useRecorder(latency: LatencyRecorder): void {
    this.latency = latency;
  }

  async call<N extends OperationName>(operation: N, request: RequestOf<N>, context: CallContext): Promise<ResponseOf<N>> {
    const started = performance.now();
    let attempt = 0;
    for (;;) {
      const index = this.next++ % this.transports.length;
      const transport = this.transports[index] as JsonTransport;
      const waiting = this.inFlight[index] as Map<string, number>;
      waiting.set(operation, (waiting.get(operation) ?? 0) + 1);
      try {
        const answer = await transport.call(operation, request, context).finally(() => {
          waiting.set(operation, (waiting.get(operation) ?? 1) - 1);
        });
        this.latency.record(operation, performance.now() - started);
        return answer;
      } catch (error) {
        attempt += 1;
        const retryable = error instanceof ProtocolError && error.code === 'CONNECTIVITY';
        if (!retryable || attempt >= MAX_ATTEMPTS) {
          // A refusal is an answer too: its latency counts like any other.
          if (!retryable) this.latency.record(operation, performance.now() - started);
          throw new CallFailed(operation, attempt, error);
        }
        this.retries += 1;
        await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * attempt));
      }
    }
  }
}
