// Placeholder pane: proves that the build, the Office.js edge and the gateway's
// /health route work end to end. The real pane (behind a host adapter) replaces it.

const HEALTH_TIMEOUT_MS = 5000;

/**
 * The Office host the pane runs in, or null in a plain browser. office.js arrives by
 * a <script> tag that may be missing or blocked; the pane must still start then.
 */
async function detectHost(): Promise<Office.HostType | null> {
  if (typeof Office === 'undefined') return null;
  try {
    const info = await Office.onReady();
    // Outside Office, onReady resolves with host null although the typings say otherwise.
    return info.host ?? null;
  } catch {
    return null;
  }
}

function describeHost(host: Office.HostType | null): string {
  if (host === null) return 'Running in a plain browser.';
  if (host === Office.HostType.Outlook) return 'Running inside Outlook.';
  return `Running inside ${host}.`;
}

/** The gateway serves the pane, so /health is same-origin and answers { "status": "ok" }. */
async function isGatewayReachable(): Promise<boolean> {
  try {
    const response = await fetch('/health', {
      cache: 'no-store',
      signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS),
    });
    if (!response.ok) return false;
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null && 'status' in body && body.status === 'ok';
  } catch {
    return false;
  }
}

async function showStatus(status: HTMLElement): Promise<void> {
  // Start the health check at once so it overlaps with Office's start-up.
  const reachable = isGatewayReachable();
  const hostLine = describeHost(await detectHost());
  status.textContent = `${hostLine} Checking the gateway…`;
  status.textContent = `${hostLine} ${(await reachable) ? 'Gateway reachable.' : 'Gateway unreachable.'}`;
}

const statusLine = document.getElementById('status');
if (statusLine === null) throw new Error('taskpane.html has no #status element');
void showStatus(statusLine);

// A module, not a global script: keeps these names out of the scope lib.dom shares
// (which already declares a global `status`).
export {};
