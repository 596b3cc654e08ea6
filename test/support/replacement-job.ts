import type { SyncStatus } from '../../src/sync/index.js';
import type { GatewayClient } from './gateway-client.js';

let seq = 0;

/** Throws with the phase and error unless the sync finished. */
export function expectDone(status: SyncStatus): void {
  if (status.phase !== 'done')
    throw new Error(`sync ended ${status.phase}${status.phase === 'failed' ? `: ${status.error.code} ${status.error.message}` : ''}`);
}

/** RequestReplacement as `admin`, then GetReplacement until the gateway has run its steps and waits for the claim. */
export async function requestReplacement(admin: GatewayClient, siteId: string): Promise<{ jobId: string; claimCode: string }> {
  const { jobs } = await admin.call('RequestReplacement', { siteIds: [siteId], operationId: `request-${siteId}-${++seq}-${Date.now()}` });
  const jobId = jobs[0]?.jobId;
  if (!jobId) throw new Error('RequestReplacement answered no job');
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const job = (await admin.call('GetReplacement', { jobIds: [jobId] })).jobs[0];
    if (job?.state === 'waitingForClaim' && job.claimCode) return { jobId, claimCode: job.claimCode };
    if (job?.state === 'failed') throw new Error(`the job failed: ${JSON.stringify(job.steps)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the job never waited for its claim');
}
