import { Observable } from 'rxjs';

/**
 * Outlook's theme body background ("#RRGGBB"), now and after each OfficeThemeChanged;
 * null where Outlook has no theme API (before Mailbox 1.14). Only call it when Office
 * hosts the pane (main.ts); the plain browser has no Office theme.
 */
export function officeBodyBackground$(): Observable<string | null> {
  return new Observable<string | null>((subscriber) => {
    subscriber.next(readBodyBackground());
    const mailbox = Office.context.mailbox;
    // OfficeThemeChanged is Mailbox 1.14: an older Outlook lacks the enum member or answers
    // the registration with a failure, and the pane keeps the theme it read at start-up.
    const event = Office.EventType.OfficeThemeChanged as Office.EventType | undefined;
    if (event === undefined || !mailbox || typeof mailbox.addHandlerAsync !== 'function') return undefined;
    try {
      mailbox.addHandlerAsync(event, (args: Partial<Office.OfficeThemeChangedEventArgs>) =>
        subscriber.next(args.officeTheme?.bodyBackgroundColor ?? readBodyBackground()),
      );
    } catch {
      return undefined;
    }
    return () => {
      if (typeof mailbox.removeHandlerAsync === 'function') mailbox.removeHandlerAsync(event);
    };
  });
}

function readBodyBackground(): string | null {
  try {
    // officeTheme is undefined in hosts without the theme API (the typings say otherwise).
    return (Office.context.officeTheme as Office.OfficeTheme | undefined)?.bodyBackgroundColor ?? null;
  } catch {
    return null;
  }
}
