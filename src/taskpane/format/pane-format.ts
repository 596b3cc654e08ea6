/**
 * The pane's one way of writing dates, times and numbers, in one language: the mailbox's
 * display language (display-format.ts sets it at start-up). Before, the pane had three
 * date styles (the device's medium style, en-GB's, and "2026-11-22 14:05 UTC") and
 * numbers grouped as en-US whatever the mailbox's language.
 */
export interface PaneFormat {
  /** The locale the formats resolved to (the runtime's default when the language was unusable). */
  readonly locale: string;
  /** A moment (epoch ms) to the minute: "Dec 1, 2026, 2:05 PM" (en-US), "01.12.2026, 14:05" (de-DE). */
  dateTime(epochMs: number): string;
  /** A stored date-time (ISO text) as `dateTime`; text that is no date-time is shown as it is. */
  isoDateTime(iso: string): string;
  /** A calendar day ("2026-12-01") in the same medium style, never moved across zones; other text as it is. */
  day(isoDay: string): string;
  /** A time of day (epoch ms) to the minute: "2:05 PM", "14:05". */
  time(epochMs: number): string;
  /** A count or other number, its digits grouped as the language groups them: "1,234", "1.234", "1 234". */
  number(value: number): string;
  /** An amount in its ISO 4217 currency: "€1,234.50", "1.234,50 €". */
  money(value: number, currency: string): string;
}

export interface PaneFormatOptions {
  /** An IANA zone for moments; the device's zone when unset (tests fix it). */
  readonly timeZone?: string;
}

/** What a moment that cannot be read (NaN, an unreadable stored value) says. */
export const UNKNOWN_TIME = 'an unknown time';

/** A BCP 47 tag as Intl accepts it; undefined (the runtime's default) for an empty or malformed one. */
function usableLocale(language: string | undefined): string | undefined {
  if (!language) return undefined;
  try {
    return Intl.getCanonicalLocales(language)[0];
  } catch {
    return undefined;
  }
}

/** The formats for `language` (e.g. Office's displayLanguage "de-DE"). The Intl formatters are made once and reused. */
export function createPaneFormat(language: string | undefined, options: PaneFormatOptions = {}): PaneFormat {
  const locale = usableLocale(language);
  const zone = options.timeZone ? { timeZone: options.timeZone } : {};
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', ...zone });
  // A calendar day is stored without a zone: read and written as UTC it stays on its day everywhere.
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', ...zone });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 20 });
  const moment = (format: Intl.DateTimeFormat, epochMs: number) => (Number.isFinite(epochMs) ? format.format(epochMs) : UNKNOWN_TIME);
  return {
    locale: dateTime.resolvedOptions().locale,
    dateTime: (epochMs) => moment(dateTime, epochMs),
    isoDateTime: (iso) => {
      const epochMs = Date.parse(iso);
      return Number.isNaN(epochMs) ? iso : dateTime.format(epochMs);
    },
    day: (isoDay) => {
      const epochMs = /^\d{4}-\d{2}-\d{2}$/.test(isoDay) ? Date.parse(`${isoDay}T00:00:00Z`) : NaN;
      return Number.isNaN(epochMs) ? isoDay : day.format(epochMs);
    },
    time: (epochMs) => moment(time, epochMs),
    number: (value) => number.format(value),
    money: (value, currency) => {
      try {
        return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
      } catch {
        // A code Intl does not know: the number and the code, never an exception in a list row.
        return `${number.format(value)} ${currency}`;
      }
    },
  };
}
