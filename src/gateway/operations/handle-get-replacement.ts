import { wireJobs } from '../replacement/job-access.js';
import type { Handler } from './handler.js';

/** Jobs step by step for the admin view; ids that do not exist are simply not in the answer. */
export const handleGetReplacement: Handler<'GetReplacement'> = async (ctx, { request, db }) => ({
  jobs: await wireJobs(db, ctx.clock.now(), ctx.config, request.jobIds),
});
