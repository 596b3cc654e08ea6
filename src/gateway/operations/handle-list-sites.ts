import { sql } from 'kysely';
import type { SiteSummary } from '../../protocol/index.js';
import type { Handler } from './handler.js';

const iso = (ms: number) => new Date(Number(ms)).toISOString();

/**
 * The sites (device installs) for the admin view, SAP's "Advanced Find":
 * `organization` is the user's organization id, compared ignoring case;
 * `userName` matches when the user name or the display name contains it,
 * ignoring case ("ali" finds alice). Both given: both must match. Ordered by
 * user name, then registration. Each site names its newest replacement job and
 * what the device last reported unsent (ReportDevice).
 */
export const handleListSites: Handler<'ListSites'> = async (ctx, { request, db }) => {
  const { dialect } = ctx.database;
  let query = db
    .selectFrom('sites')
    .innerJoin('users', 'users.user_id', 'sites.user_id')
    .select((eb) => [
      'sites.site_id',
      'sites.device_name',
      'sites.status',
      'sites.registered_at',
      'sites.last_sync_at',
      'sites.unsent_changes',
      'sites.unsent_reported_at',
      'users.user_name',
      'users.display_name',
      'users.org_id',
      'users.team_id',
      eb
        .selectFrom('replacement_jobs')
        .select('replacement_jobs.job_id')
        .whereRef('replacement_jobs.site_id', '=', 'sites.site_id')
        .orderBy('replacement_jobs.requested_at', 'desc')
        .orderBy('replacement_jobs.job_id', 'desc')
        .limit(1)
        .as('replacement_job_id'),
    ]);
  const organization = request.organization?.trim();
  if (organization) query = query.where(sql<boolean>`lower(users.org_id) = lower(${organization})`);
  const userName = request.userName?.trim();
  if (userName) {
    query = query.where((eb) =>
      eb.or([
        dialect.containsIgnoringCase(sql<string>`users.user_name`, userName),
        dialect.containsIgnoringCase(sql<string>`users.display_name`, userName),
      ]),
    );
  }
  const rows = await query.orderBy('users.user_name').orderBy('sites.registered_at').orderBy('sites.site_id').execute();
  return {
    sites: rows.map((r): SiteSummary => ({
      siteId: r.site_id,
      userName: r.user_name,
      displayName: r.display_name,
      organization: r.org_id,
      ...(r.team_id !== null ? { team: r.team_id } : {}),
      deviceName: r.device_name,
      status: r.status,
      registeredAt: iso(r.registered_at),
      ...(r.last_sync_at !== null ? { lastSyncAt: iso(r.last_sync_at) } : {}),
      ...(r.replacement_job_id ? { replacementJobId: r.replacement_job_id } : {}),
      ...(r.unsent_changes !== null && r.unsent_reported_at !== null
        ? { unsentChanges: Number(r.unsent_changes), unsentReportedAt: iso(r.unsent_reported_at) }
        : {}),
    })),
  };
};
