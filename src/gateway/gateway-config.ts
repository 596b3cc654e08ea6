// The gateway's tunable settings, apart from the context so that the parts the
// context holds (the replacement runner) can read them without importing the context.

export interface GatewayConfig {
  /** How long a session token stays valid after Login. */
  readonly sessionTtlMs: number;
  /** Consecutive failed logins of one user name before attempts are refused for a while. */
  readonly lockAfterFailures: number;
  /** First lockout; each further failure doubles it, up to `lockMaxMs`. */
  readonly lockBaseMs: number;
  readonly lockMaxMs: number;
  /** Device replacement: how long a one-time claim code is valid. */
  readonly claimTtlMs: number;
  /** Consecutive wrong claim codes (gateway-wide) before claims are refused for a while (lockBaseMs doubling, up to lockMaxMs). */
  readonly claimLockAfterFailures: number;
  /** How long a granted restore slot lasts without a GetExtractPage or BeginRestore renewing it. */
  readonly restoreLeaseMs: number;
  /** A device waiting for the restore slot that has not asked for this long loses its turn (keeps its place). */
  readonly restoreQueueStaleMs: number;
  /** Records per GetExtractPage page. */
  readonly extractPageSize: number;
  /** How long replacement waits for the old device's requests in flight before the step fails ("still busy, retry"). */
  readonly replacementDrainTimeoutMs: number;
  /**
   * How long a gateway process holds a replacement job's lease without renewing it (it
   * renews every third of it while a step runs); a job whose process died is taken over
   * by another within about 1.5 times this.
   */
  readonly replacementLeaseMs: number;
}

export const DEFAULT_CONFIG: GatewayConfig = {
  sessionTtlMs: 12 * 60 * 60 * 1000,
  lockAfterFailures: 5,
  lockBaseMs: 2_000,
  lockMaxMs: 5 * 60 * 1000,
  claimTtlMs: 72 * 60 * 60 * 1000,
  claimLockAfterFailures: 10,
  restoreLeaseMs: 10 * 60 * 1000,
  restoreQueueStaleMs: 2 * 60 * 1000,
  extractPageSize: 1_000,
  replacementDrainTimeoutMs: 30_000,
  replacementLeaseMs: 30_000,
};
