/**
 * What the rest of the gateway asks of the replacement runner (SAP's laptop
 * replacement, gateway steps 1–5). An interface of its own so that the context,
 * which holds the runner, does not import the runner, which reads the context.
 */
export interface ReplacementJobs {
  /** Makes the runner look at a job (new, retried, or resumed); returns at once. */
  kick(jobId: string): void;
  /** On gateway start: every job that is not done is looked at again. */
  resumeAll(): Promise<void>;
  /** Resolves when no job loop is running (tests; shutdown). */
  idle(): Promise<void>;
  /** Stops taking work; a step waiting for the old device is interrupted and resumed after the restart. */
  stop(): Promise<void>;
}
