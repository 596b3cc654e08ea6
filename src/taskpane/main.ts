import { PaneApp } from './app/pane-app.js';
import { RememberedLogin } from './services/remembered-login.js';
import type { MailHost } from './host/mail-host.js';
import { officeMailHost } from './host/office-mail-host.js';
import { SimulatedMailbox } from './host/simulated-mailbox.js';

/**
 * The pane's entry: find out whether Outlook hosts us (Office.onReady reports no
 * host in a plain browser), pick the matching mail host adapter, start the app.
 * office.js arrives by a <script> tag that may be missing or blocked offline; the
 * pane must still start then.
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

function deviceName(host: Office.HostType | null): string {
  const agent = navigator.userAgent;
  const browser = /Edg\//.test(agent)
    ? 'Edge'
    : /Chrom(e|ium)\//.test(agent)
      ? 'Chromium'
      : /Firefox\//.test(agent)
        ? 'Firefox'
        : /Safari\//.test(agent)
          ? 'Safari'
          : 'browser';
  return host === Office.HostType?.Outlook ? `Outlook (${browser})` : `Browser (${browser})`;
}

async function start(): Promise<void> {
  const root = document.getElementById('app');
  if (root === null) throw new Error('taskpane.html has no #app element');
  const host = await detectHost();
  const mailHost: MailHost = host !== null && host === Office.HostType.Outlook ? officeMailHost() : new SimulatedMailbox();
  // The gateway serves the pane, so its own origin is the natural default address.
  const app = new PaneApp(root, mailHost, new RememberedLogin(), deviceName(host), window.location.origin);
  await app.start();
}

void start();
