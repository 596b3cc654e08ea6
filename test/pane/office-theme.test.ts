import { firstValueFrom, take, toArray } from 'rxjs';
import { displayLanguage } from '../../src/taskpane/host/display-language.js';
import { officeBodyBackground$ } from '../../src/taskpane/host/office-theme.js';

/**
 * The Office theme adapter against a stand-in of the Office.js surface it uses:
 * Outlook's officeTheme (Mailbox 1.14) and its OfficeThemeChanged event, and an
 * Outlook without them.
 */
function installOffice(options: { theme?: { bodyBackgroundColor: string }; withEvent: boolean; displayLanguage?: string }) {
  let onThemeChanged: ((args: { officeTheme: { bodyBackgroundColor: string } }) => void) | null = null;
  const removed: string[] = [];
  const office = {
    EventType: { ItemChanged: 'olkItemSelectedChanged', ...(options.withEvent ? { OfficeThemeChanged: 'officeThemeChanged' } : {}) },
    context: {
      ...(options.theme ? { officeTheme: options.theme } : {}),
      ...(options.displayLanguage ? { displayLanguage: options.displayLanguage } : {}),
      mailbox: {
        addHandlerAsync(event: string, handler: (args: { officeTheme: { bodyBackgroundColor: string } }) => void) {
          if (event === 'officeThemeChanged') onThemeChanged = handler;
        },
        removeHandlerAsync(event: string) {
          removed.push(event);
        },
      },
    },
  };
  (globalThis as { Office?: unknown }).Office = office;
  return {
    removed,
    changeTheme(bodyBackgroundColor: string) {
      onThemeChanged?.({ officeTheme: { bodyBackgroundColor } });
    },
  };
}

afterEach(() => {
  delete (globalThis as { Office?: unknown }).Office;
});

describe('officeBodyBackground$', () => {
  it("answers Outlook's body background, then each OfficeThemeChanged's, and unregisters when unsubscribed", async () => {
    const outlook = installOffice({ theme: { bodyBackgroundColor: '#FFFFFF' }, withEvent: true });
    const seen = firstValueFrom(officeBodyBackground$().pipe(take(3), toArray()));
    outlook.changeTheme('#1F1F1F');
    outlook.changeTheme('#FFFFFF');
    await expect(seen).resolves.toEqual(['#FFFFFF', '#1F1F1F', '#FFFFFF']);
    expect(outlook.removed).toEqual(['officeThemeChanged']);
  });

  it('answers null in an Outlook without the theme API (before Mailbox 1.14), and registers nothing', async () => {
    installOffice({ withEvent: false });
    await expect(firstValueFrom(officeBodyBackground$())).resolves.toBeNull();
  });
});

describe('displayLanguage', () => {
  // Node 20 has no navigator: the browser's own stand-in, in German.
  beforeEach(() => Object.defineProperty(globalThis, 'navigator', { value: { language: 'de-DE' }, configurable: true }));
  afterEach(() => delete (globalThis as { navigator?: unknown }).navigator);

  it("is the mailbox's display language in Outlook", () => {
    installOffice({ withEvent: false, displayLanguage: 'nb-NO' });
    expect(displayLanguage(true)).toBe('nb-NO');
  });

  it("is the browser's language outside Outlook, even when office.js is loaded", () => {
    installOffice({ withEvent: false, displayLanguage: 'nb-NO' });
    expect(displayLanguage(false)).toBe('de-DE');
  });

  it("falls back to the browser's language when Outlook does not say", () => {
    installOffice({ withEvent: false });
    expect(displayLanguage(true)).toBe('de-DE');
  });
});
