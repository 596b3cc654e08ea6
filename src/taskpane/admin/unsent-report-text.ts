import type { SiteSummary } from '../../protocol/index.js';
import { displayFormat } from '../format/display-format.js';

/** What the wording needs of a site: its owner, its device and its last ReportDevice. */
export type UnsentReportSite = Pick<SiteSummary, 'displayName' | 'deviceName' | 'unsentChanges' | 'unsentReportedAt'>;

export interface UnsentReportTextOptions {
  /** Today, to leave out the year of a report made this year; without it the year is always shown. */
  readonly now?: Date;
  /** The time zone the times are read in; the device's own by default (tests pin it). */
  readonly timeZone?: string;
  /** The language day and time are written in; the display language (format/display-format.ts) by default. */
  readonly locale?: string;
}

/** Whether the device said it still holds changes it has not sent (SAP replacement step 1: its outbound queue). */
export function hasUnsentChanges(site: Pick<SiteSummary, 'unsentChanges'>): boolean {
  return (site.unsentChanges ?? 0) > 0;
}

/**
 * What a site last reported, for the admin's sites list:
 * "3 unsent changes · reported 30 Nov, 10:42" (a no-break space before the "·"), "No unsent changes · reported …",
 * or "Never reported".
 */
export function unsentReportText(site: UnsentReportSite, options: UnsentReportTextOptions = {}): string {
  if (site.unsentChanges === undefined) return 'Never reported';
  const count = site.unsentChanges === 0 ? 'No unsent changes' : unsentCount(site.unsentChanges);
  const when = reportedAt(site.unsentReportedAt, options);
  // A no-break space keeps the "·" with the count when the column wraps.
  return when ? `${count}\u00a0· reported ${when.day}, ${when.time}` : count;
}

/**
 * The warning the replacement confirmation shows for a site, or null when the device
 * reported nothing unsent. A device that never reported gets a softer note: it may
 * hold changes, nobody knows.
 */
export function unsentReplacementWarning(site: UnsentReportSite, options: UnsentReportTextOptions = {}): string | null {
  const device = `${site.displayName}'s device "${site.deviceName}"`;
  if (site.unsentChanges === undefined) {
    return `${device} never reported its unsent changes. If it still works, ask ${site.displayName} to sync it first.`;
  }
  if (site.unsentChanges === 0) return null;
  const when = reportedAt(site.unsentReportedAt, options);
  return (
    `${device} last reported ${unsentCount(site.unsentChanges)}${when ? ` at ${when.time} on ${when.day}` : ''}. ` +
    `Ask ${site.displayName} to sync it first if it still works; otherwise they can export them on that device ` +
    '(Export my changes, shown once it is replaced) and import them on the new one (Issues → Archive → Import changes).'
  );
}

function unsentCount(n: number): string {
  return `${n} unsent change${n === 1 ? '' : 's'}`;
}

/**
 * "30 Nov" (with the year when it is not this year) and "10:42" (en-GB), in the display language: a
 * shorter form of the pane's date-time (format/pane-format.ts) for the sites list's narrow column.
 */
function reportedAt(iso: string | undefined, options: UnsentReportTextOptions): { day: string; time: string } | null {
  const at = iso === undefined ? NaN : Date.parse(iso);
  if (!Number.isFinite(at)) return null;
  const locale = options.locale ?? displayFormat().locale;
  const zone = options.timeZone ? { timeZone: options.timeZone } : {};
  const year = (ms: number) => new Intl.DateTimeFormat(locale, { ...zone, year: 'numeric' }).format(ms);
  const thisYear = options.now !== undefined && year(options.now.getTime()) === year(at);
  return {
    day: new Intl.DateTimeFormat(locale, { ...zone, day: 'numeric', month: 'short', ...(thisYear ? {} : { year: 'numeric' }) }).format(at),
    time: new Intl.DateTimeFormat(locale, { ...zone, timeStyle: 'short' }).format(at),
  };
}
