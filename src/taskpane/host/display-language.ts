/**
 * The language the pane formats dates and numbers in: the mailbox's display language
 * (`Office.context.displayLanguage`, e.g. "de-DE") when Outlook hosts the pane, the
 * browser's language otherwise. The pane's words stay English (taskpane.html's lang).
 */
export function displayLanguage(inOutlook: boolean): string | undefined {
  if (inOutlook) {
    try {
      const language = Office.context.displayLanguage as string | undefined;
      if (language) return language;
    } catch {
      // Fall through to the browser's language.
    }
  }
  return typeof navigator === 'undefined' ? undefined : navigator.language || undefined;
}
