import { Subject } from 'rxjs';
import { chooseTheme, type PaneTheme, type ThemeSignals } from '../../src/taskpane/theme/choose-theme.js';
import { followTheme, type ColorSchemeQuery } from '../../src/taskpane/theme/follow-theme.js';

describe('chooseTheme: Outlook’s theme where it has one, the system’s preference otherwise', () => {
  test.each<[string, ThemeSignals, PaneTheme]>([
    ['no Office theme, system light', { officeBodyBackground: null, prefersDark: false }, 'light'],
    ['no Office theme, system dark', { officeBodyBackground: null, prefersDark: true }, 'dark'],
    ['Outlook White on a dark system: Outlook wins', { officeBodyBackground: '#FFFFFF', prefersDark: true }, 'light'],
    ['Outlook Black on a light system: Outlook wins', { officeBodyBackground: '#000000', prefersDark: false }, 'dark'],
    ['Outlook Colorful (light grey body)', { officeBodyBackground: '#E6E6E6', prefersDark: true }, 'light'],
    ['Outlook Dark Gray (#666666 body)', { officeBodyBackground: '#666666', prefersDark: false }, 'dark'],
    ['Outlook dark mode body (#1F1F1F)', { officeBodyBackground: '#1f1f1f', prefersDark: false }, 'dark'],
    ['three-digit hex', { officeBodyBackground: '#222', prefersDark: false }, 'dark'],
    ['hex without "#" and with spaces', { officeBodyBackground: ' fafafa ', prefersDark: true }, 'light'],
    ['just below the midpoint (luminance 0.178): dark', { officeBodyBackground: '#757575', prefersDark: false }, 'dark'],
    ['just above it (luminance 0.181): light', { officeBodyBackground: '#767676', prefersDark: true }, 'light'],
    ['an unreadable colour falls back to the system: dark', { officeBodyBackground: 'rgb(0, 0, 0)', prefersDark: true }, 'dark'],
    ['an unreadable colour falls back to the system: light', { officeBodyBackground: '', prefersDark: false }, 'light'],
    ['not a hex colour', { officeBodyBackground: '#12345g', prefersDark: false }, 'light'],
  ])('%s', (_name, signals, expected) => {
    expect(chooseTheme(signals)).toBe(expected);
  });
});

/** matchMedia('(prefers-color-scheme: dark)') as a test drives it. */
function fakeQuery(matches: boolean): ColorSchemeQuery & { change(matches: boolean): void; listeners: number } {
  const listeners = new Set<(event: { readonly matches: boolean }) => void>();
  return {
    matches,
    addEventListener: (_type, listener) => listeners.add(listener),
    removeEventListener: (_type, listener) => listeners.delete(listener),
    change(next) {
      for (const listener of listeners) listener({ matches: next });
    },
    get listeners() {
      return listeners.size;
    },
  };
}

function fakeRoot() {
  const themes: string[] = [];
  return {
    themes,
    setAttribute(name: string, value: string) {
      if (name === 'data-theme') themes.push(value);
    },
  };
}

describe('followTheme: sets <html data-theme> at start-up and on every change', () => {
  test('follows the system when there is no Office theme, and stops when asked', () => {
    const root = fakeRoot();
    const office = new Subject<string | null>();
    const query = fakeQuery(true);
    const stop = followTheme(root, office, query);
    office.next(null);
    expect(root.themes).toEqual(['dark']);
    query.change(false);
    query.change(false);
    query.change(true);
    // The same theme twice is set once.
    expect(root.themes).toEqual(['dark', 'light', 'dark']);
    stop();
    expect(query.listeners).toBe(0);
    query.change(false);
    expect(root.themes).toEqual(['dark', 'light', 'dark']);
  });

  test("Outlook's theme and its OfficeThemeChanged win over the system", () => {
    const root = fakeRoot();
    const office = new Subject<string | null>();
    const query = fakeQuery(false);
    followTheme(root, office, query);
    office.next('#1f1f1f');
    query.change(false);
    office.next('#ffffff');
    query.change(true);
    expect(root.themes).toEqual(['dark', 'light']);
  });
});
