import type { Kysely } from 'kysely';
import { filterSettingsOf, parsePackage, type PackageFile } from '../../metadata/index.js';
import type { FilterChoice, ReplacementStepName } from '../../protocol/index.js';
import { loadUserCaller } from '../auth/user-caller.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import type { GatewayServices } from '../gateway-context.js';
import { todayOf } from '../operations/today-of.js';
import { buildExtract } from './build-extract.js';
import type { ReplacementJobs } from './replacement-jobs.js';
import type { GatewayStepName } from './next-replacement-step.js';
import { loadJob, setStep, unfinishedJobIds, type LoadedJob } from './replacement-store.js';
import { acquireLease, jobsWithoutRunner, newRunnerId, releaseLease, renewLease } from './runner-lease.js';
import { waitForSiteWrites } from '../sites/site-write-lock.js';
import { planJob } from './replacement-view.js';

export interface ReplacementHooks {
  /**
   * Called after each gateway step (1–5) has committed its completion. A test
   * hook: throwing from it simulates the process dying right there; the runner
   * then runs nothing more until the gateway is restarted.
   */
  readonly afterStep?: (event: { readonly jobId: string; readonly step: ReplacementStepName }) => void;
}

/** A failure the administrator reads in the step's message; RetryReplacementStep runs the step again. */
class StepFailure extends Error {}
/**
 * The gateway is stopping, or this process lost the job's lease (it stalled past it and
 * another process took the job over): the step stays `running` and is run again by
 * whichever process holds the lease next.
 */
class Interrupted extends Error {}

const iso = (ms: number | null) => (ms === null ? 'never' : new Date(Number(ms)).toISOString());
const unsentWords = (count: number) => `${count} unsent change${count === 1 ? '' : 's'}`;
const shortId = (databaseId: string) => `${databaseId.slice(0, 7)}…`;

/**
 * Runs the gateway's steps of replacement jobs (SAP "Background Processing"):
 * 1 read the site, 2 let the old device's requests in flight finish, 3 revoke its
 * database id, 4 drop its server-side entries, 5 build the site-specific extract.
 * Each step is idempotent and commits its completion (done, finishedAt, message)
 * before the next starts; the planner (next-replacement-step.ts) reads the
 * persisted steps to say what comes next, so a job resumes from its first step not
 * done after a crash or restart (`resumeAll` on start). Steps 6–9 are the
 * replacement device's (ClaimReplacement, BeginRestore, GetExtractPage,
 * CompleteRestore, FinishReplacement).
 *
 * Jobs run concurrently, each on its own single loop; `kick` is safe to call from
 * inside a request's transaction (the loop starts on the next turn and its first
 * query waits for the connection, i.e. for the commit).
 *
 * Several gateway processes share the jobs: a loop first takes the job's lease in the
 * database (runner-lease.ts) and renews it while it runs, so each step runs on one
 * process; each step's completion renews it in the step's own transaction, so a
 * process that lost it writes nothing. Every process sweeps for jobs whose lease ran
 * out (a process killed mid-step) and takes them over.
 */
export class ReplacementRunner implements ReplacementJobs {
  private readonly active = new Map<string, Promise<void>>();
  private readonly kickedWhileActive = new Set<string>();
  private readonly stopping = new AbortController();
  private readonly runnerId = newRunnerId();
  private sweeper: NodeJS.Timeout | undefined;
  private halted = false;

  constructor(
    private readonly ctx: GatewayServices,
    private readonly hooks: ReplacementHooks = {},
    private readonly report: (error: unknown) => void = (error) => console.error('[gateway] replacement runner:', error),
  ) {}

  /** Makes the runner look at a job (new, retried, or resumed). */
  kick(jobId: string): void {
    if (this.halted) return;
    if (this.active.has(jobId)) {
      this.kickedWhileActive.add(jobId);
      return;
    }
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.runJob(jobId))
      .catch((error: unknown) => this.report(error))
      .finally(() => {
        this.active.delete(jobId);
        if (this.kickedWhileActive.delete(jobId)) this.kick(jobId);
      });
    this.active.set(jobId, run);
  }

  /**
   * On gateway start: jobs left without a runner are looked at again (failed ones stay
   * failed until retried), and from then on every half lease, so that a job whose process
   * died is taken over once its lease ran out.
   */
  async resumeAll(): Promise<void> {
    const { db, dialect } = this.ctx.database;
    if (dialect.name === 'sqlite') {
      // The embedded database has one gateway process: a lease found there is a previous run's.
      await db
        .updateTable('replacement_jobs')
        .set({ runner_id: null, runner_lease_until: null })
        .where('finished_at', 'is', null)
        .execute();
      for (const jobId of await unfinishedJobIds(db)) this.kick(jobId);
    } else {
      await this.sweep();
    }
    this.sweeper ??= setInterval(
      () => void this.sweep().catch((error: unknown) => this.report(error)),
      this.ctx.config.replacementLeaseMs / 2,
    );
    this.sweeper.unref();
  }

  private async sweep(): Promise<void> {
    if (this.halted) return;
    for (const jobId of await jobsWithoutRunner(this.ctx.database.db, this.ctx.clock.now())) {
      if (!this.active.has(jobId)) this.kick(jobId);
    }
  }

  /** Resolves when no job loop is running (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.all([...this.active.values()]);
  }

  /** Stops taking work; a step waiting for the old device is interrupted (and resumed after the restart). */
  async stop(): Promise<void> {
    this.halted = true;
    clearInterval(this.sweeper);
    this.stopping.abort();
    await this.idle();
  }

  private async runJob(jobId: string): Promise<void> {
    const { db } = this.ctx.database;
    const { clock, config } = this.ctx;
    if (!(await acquireLease(db, jobId, this.runnerId, clock.now(), config.replacementLeaseMs))) return;
    const renewal = setInterval(
      () => void renewLease(db, jobId, this.runnerId, clock.now(), config.replacementLeaseMs).catch((error: unknown) => this.report(error)),
      config.replacementLeaseMs / 3,
    );
    try {
      await this.runSteps(jobId);
    } finally {
      clearInterval(renewal);
      await releaseLease(db, jobId, this.runnerId);
    }
  }

  /** Runs the job's steps in order while this process holds its lease. */
  private async runSteps(jobId: string): Promise<void> {
    const { db } = this.ctx.database;
    const clock = this.ctx.clock;
    while (!this.halted) {
      const loaded = await loadJob(db, jobId);
      if (!loaded) return;
      const action = planJob(loaded, clock.now());
      if (action.kind !== 'run') return;
      const startedAt = clock.now();
      await setStep(db, jobId, action.step, { state: 'running', startedAt, finishedAt: null, message: null }, startedAt);
      try {
        await this.execute(action.step, loaded);
      } catch (error) {
        if (error instanceof Interrupted) return;
        if (!(error instanceof StepFailure)) this.report(error);
        const message =
          error instanceof StepFailure
            ? error.message
            : `Unexpected error: ${error instanceof Error ? error.message : String(error)}; retry this step.`;
        const now = clock.now();
        await db.transaction().execute(async (trx) => {
          if (await this.holdsLease(trx, jobId)) await setStep(trx, jobId, action.step, { state: 'failed', finishedAt: now, message }, now);
        });
        return;
      }
      try {
        this.hooks.afterStep?.({ jobId, step: action.step });
      } catch {
        // The simulated crash: nothing more runs in this process.
        this.halted = true;
        return;
      }
    }
  }

  private execute(step: GatewayStepName, loaded: LoadedJob): Promise<void> {
    switch (step) {
      case 'readSite':
        return this.readSite(loaded);
      case 'acceptPending':
        return this.acceptPending(loaded);
      case 'revokeSite':
        return this.revokeSite(loaded);
      case 'dropServerEntries':
        return this.dropServerEntries(loaded);
      case 'buildExtract':
        return this.buildExtract(loaded);
    }
  }

  private holdsLease(db: Kysely<DatabaseSchema>, jobId: string): Promise<boolean> {
    return renewLease(db, jobId, this.runnerId, this.ctx.clock.now(), this.ctx.config.replacementLeaseMs);
  }

  /** Writes the step's completion, in the step's transaction when it has one; a runner that lost the lease writes nothing. */
  private async complete(db: Kysely<DatabaseSchema>, jobId: string, step: GatewayStepName, message: string): Promise<void> {
    if (!(await this.holdsLease(db, jobId))) throw new Interrupted();
    const now = this.ctx.clock.now();
    await setStep(db, jobId, step, { state: 'done', finishedAt: now, message }, now);
  }

  private async site(db: Kysely<DatabaseSchema>, loaded: LoadedJob) {
    const site = await db
      .selectFrom('sites')
      .innerJoin('users', 'users.user_id', 'sites.user_id')
      .select([
        'sites.site_id',
        'sites.database_id',
        'sites.user_id',
        'sites.device_name',
        'sites.status',
        'sites.registered_at',
        'sites.last_sync_at',
        'sites.revoked_at',
        'sites.unsent_changes',
        'sites.unsent_reported_at',
        'users.user_name',
        'users.display_name',
      ])
      .where('sites.site_id', '=', loaded.job.site_id)
      .executeTakeFirst();
    if (!site) throw new StepFailure(`Site ${loaded.job.site_id} is not registered on this gateway; there is nothing to replace.`);
    if (site.user_id !== loaded.job.user_id)
      throw new StepFailure(`Site ${site.site_id} belongs to another user than the job; request the replacement again.`);
    return site;
  }

  /** Step 1 (SAP: "Reading the stationary site details"). */
  private async readSite(loaded: LoadedJob): Promise<void> {
    const { db } = this.ctx.database;
    const site = await this.site(db, loaded);
    await this.complete(
      db,
      loaded.job.job_id,
      'readSite',
      `Site ${site.site_id}: user ${site.user_name} (${site.display_name}), device "${site.device_name}", database id ${shortId(site.database_id)}, ` +
        `registered ${iso(site.registered_at)}, last sync ${iso(site.last_sync_at)}, status ${site.status}. ` +
        (site.unsent_reported_at === null
          ? 'The device never reported its unsent changes.'
          : `The device last reported ${unsentWords(Number(site.unsent_changes ?? 0))} at ${iso(site.unsent_reported_at)}` +
            (Number(site.unsent_changes ?? 0) > 0 ? ': they can be exported on it and imported on the new device.' : '.')),
    );
  }

  /** Step 2 (SAP: "Checking the inbound queue of the stationary site"). */
  private async acceptPending(loaded: LoadedJob): Promise<void> {
    const { db, dialect } = this.ctx.database;
    const site = await this.site(db, loaded);
    const timeoutMs = this.ctx.config.replacementDrainTimeoutMs;
    const wait = await waitForSiteWrites(db, dialect, site.site_id, timeoutMs, this.stopping.signal);
    if (wait.outcome === 'aborted') throw new Interrupted();
    if (wait.outcome === 'busy') {
      throw new StepFailure(`The old device was still writing after ${Math.round(timeoutMs / 1000)} s: it is still busy, retry this step.`);
    }
    await this.complete(
      db,
      loaded.job.job_id,
      'acceptPending',
      (wait.waitedMs >= 100
        ? `The old device's writes in flight finished after ${(wait.waitedMs / 1000).toFixed(1)} s. `
        : 'No write of the old device was in flight. ') +
        'Every upload is applied when the gateway receives it, so nothing else of this site is queued on the server; ' +
        'a write that starts after the next step is refused.',
    );
  }

  /** Step 3 (SAP: "Deleting the Database ID of the defective laptop"). */
  private async revokeSite(loaded: LoadedJob): Promise<void> {
    await this.ctx.database.db.transaction().execute(async (trx) => {
      const now = this.ctx.clock.now();
      const site = await this.site(trx, loaded);
      if (site.status === 'active') {
        await trx
          .updateTable('sites')
          .set({ status: 'revoked', revoked_at: now })
          .where('site_id', '=', site.site_id)
          .where('status', '=', 'active')
          .execute();
      }
      const when = site.status === 'active' ? now : (site.revoked_at ?? now);
      await this.complete(
        trx,
        loaded.job.job_id,
        'revokeSite',
        `Database id ${shortId(site.database_id)} ${site.status === 'active' ? 'revoked' : 'was already revoked'} at ${iso(when)}: the old device is refused with SITE_REVOKED on every call.`,
      );
    });
  }

  /** Step 4 (SAP: "Deleting outbound queue entries of the defective laptop"). */
  private async dropServerEntries(loaded: LoadedJob): Promise<void> {
    const { db } = this.ctx.database;
    // Nothing of the old site is written after step 3 (site-write-lock.ts), so its entries stay dropped.
    await db.transaction().execute(async (trx) => {
      const site = await this.site(trx, loaded);
      const dropped = await trx.deleteFrom('operation_log').where('site_id', '=', site.site_id).executeTakeFirst();
      await trx.updateTable('sites').set({ status: 'replaced' }).where('site_id', '=', site.site_id).execute();
      await this.complete(
        trx,
        loaded.job.job_id,
        'dropServerEntries',
        `Dropped ${Number(dropped.numDeletedRows)} operation-log entr${Number(dropped.numDeletedRows) === 1 ? 'y' : 'ies'} of the old site (its retries are refused anyway); the site is marked replaced. ` +
          'Sync cursors are page tokens kept by the device and uploads are applied on receipt, so nothing else was stored or queued for it.',
      );
    });
  }

  /** Step 5 (SAP: "a site-specific extract (excluding the bulk data)"). */
  private async buildExtract(loaded: LoadedJob): Promise<void> {
    const jobId = loaded.job.job_id;
    await this.ctx.database.db.transaction().execute(async (trx) => {
      const user = await loadUserCaller(trx, loaded.job.user_id);
      if (!user) throw new StepFailure(`User ${loaded.userName} no longer exists.`);
      const pkgRow = await trx
        .selectFrom('packages')
        .select(['responsibility_id', 'revision', 'package_id', 'files'])
        .where('responsibility_id', '=', user.responsibilityId)
        .orderBy('revision', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!pkgRow)
        throw new StepFailure(`No package is published for responsibility ${user.responsibilityId}; publish one, then retry this step.`);
      const parsed = parsePackage(JSON.parse(pkgRow.files) as PackageFile[]);
      if (!parsed.ok)
        throw new StepFailure(
          `The package ${pkgRow.package_id} of responsibility ${user.responsibilityId} is not valid any more; publish a valid one, then retry this step.`,
        );
      const site = await trx.selectFrom('sites').select('filter_choice').where('site_id', '=', loaded.job.site_id).executeTakeFirst();
      const reported = site?.filter_choice ? (JSON.parse(site.filter_choice) as FilterChoice) : null;
      const filters = filterSettingsOf(reported);
      const preset =
        parsed.package.filters.presets.find((p) => p.id === filters.presetId) ?? parsed.package.filters.presets.find((p) => p.isDefault);

      const summary = await buildExtract(trx, {
        jobId,
        user,
        pkg: parsed.package,
        catalog: this.ctx.catalog,
        dialect: this.ctx.database.dialect,
        today: todayOf(this.ctx.clock),
        filters,
      });
      const now = this.ctx.clock.now();
      await trx
        .updateTable('replacement_jobs')
        .set({
          extract_responsibility_id: pkgRow.responsibility_id,
          extract_package_revision: Number(pkgRow.revision),
          extract_record_count: summary.recordCount,
          extract_filters: reported === null ? null : JSON.stringify(reported),
          updated_at: now,
        })
        .where('job_id', '=', jobId)
        .execute();
      const types = summary.perType.map((t) => (t.enabled ? `${t.objectType} ${t.count}` : `${t.objectType} off`)).join(', ');
      const choice =
        reported === null
          ? `its default preset${preset ? ` "${preset.name}"` : ''} (the old device never reported its filter choice)`
          : `the old device's filter choice as last reported (preset${preset ? ` "${preset.name}"` : ' of the package'}` +
            `${filters.disabledObjects.length > 0 ? `, switched off: ${filters.disabledObjects.join(', ')}` : ''}` +
            `${Object.keys(filters.personalFilters).length > 0 ? `, personal filters on ${Object.keys(filters.personalFilters).join(', ')}` : ''})`;
      const dropped =
        summary.personalFiltersDropped.length > 0
          ? ` The personal filter of ${summary.personalFiltersDropped.join(', ')} no longer fits the package and was left out.`
          : '';
      await this.complete(
        trx,
        jobId,
        'buildExtract',
        `Extract of ${summary.recordCount} record(s) (${types}) for ${user.userName} under package ${pkgRow.package_id}, its master filters and ${choice}.${dropped} ` +
          `Bulk data left out of ${summary.bulkOmitted} record(s).`,
      );
      const restore = await trx
        .selectFrom('replacement_steps')
        .select('state')
        .where('job_id', '=', jobId)
        .where('step', '=', 'restore')
        .executeTakeFirst();
      if (restore?.state === 'pending') {
        const job = await trx
          .selectFrom('replacement_jobs')
          .select(['claimed_at', 'claim_device_name'])
          .where('job_id', '=', jobId)
          .executeTakeFirstOrThrow();
        const message =
          job.claimed_at === null
            ? 'Waiting for the replacement device to claim the job with its one-time code.'
            : `Claimed by "${job.claim_device_name ?? ''}"; waiting for the restore slot.`;
        await setStep(trx, jobId, 'restore', { state: 'waiting', message }, now);
      }
    });
  }
}
