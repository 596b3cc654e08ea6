import { of } from 'rxjs';
import { PaneApp } from './app/pane-app.js';
import { setDisplayLanguage } from './format/display-format.js';
import { RememberedLogin } from './services/remembered-login.js';
import { displayLanguage } from './host/display-language.js';
import type { MailHost } from './host/mail-host.js';
import { officeMailHost } from './host/office-mail-host.js';
import { officeBodyBackground$ } from './host/office-theme.js';
import { SimulatedMailbox } from './host/simulated-mailbox.js';
import { followTheme } from './theme/follow-theme.js';

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
  const inOutlook = host !== null && host === Office.HostType.Outlook;
  // Until here theme.css followed the system's preference by itself; from now on Outlook's theme wins where there is one.
  followTheme(document.documentElement, inOutlook ? officeBodyBackground$() : of(null), window.matchMedia('(prefers-color-scheme: dark)'));
  setDisplayLanguage(displayLanguage(inOutlook));
  const mailHost: MailHost = inOutlook ? officeMailHost() : new SimulatedMailbox();
  // The gateway serves the pane, so its own origin is the natural default address.
  const app = new PaneApp(root, mailHost, new RememberedLogin(), deviceName(host), window.location.origin);
  await app.start();
}

/** If the pane cannot start, it says so in a landmark with a heading instead of "Starting…" forever. */
function showStartFailure(error: unknown): void {
  const root = document.getElementById('app');
  if (root === null) return;
  const main = document.createElement('main');
  main.className = 'first-run';
  const title = document.createElement('h1');
  title.textContent = 'Fieldbook could not start';
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = error instanceof Error ? error.message : String(error);
  const next = document.createElement('p');
  next.textContent = 'Close the pane and open it again. If this keeps happening, tell your administrator.';
  main.append(title, message, next);
  root.replaceChildren(main);
}

start().catch(showStartFailure);
