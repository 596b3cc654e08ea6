import { createPaneFormat, type PaneFormat } from './pane-format.js';

/**
 * The format every view writes dates and numbers with. The display language is one per
 * page load (Outlook reloads the pane when the mailbox's language changes), so it is set
 * once at start-up (main.ts, admin-main.ts), before anything renders, rather than passed
 * through every view; the pure formatters take a PaneFormat so their tests fix the locale.
 */
let current: PaneFormat = createPaneFormat(undefined);

/** Formats everything from now on in `language` (e.g. "de-DE"); the runtime's default when unset or malformed. */
export function setDisplayLanguage(language: string | undefined): void {
  current = createPaneFormat(language);
}

/** The pane's format in the display language. */
export function displayFormat(): PaneFormat {
  return current;
}

/** A moment (epoch ms) to the minute, in the display language. */
export function formatDateTime(epochMs: number): string {
  return current.dateTime(epochMs);
}

/** A time of day (epoch ms) to the minute, in the display language. */
export function formatTimeOfDay(epochMs: number): string {
  return current.time(epochMs);
}

/** A count, grouped as the display language groups digits. */
export function formatCount(value: number): string {
  return current.number(value);
}
