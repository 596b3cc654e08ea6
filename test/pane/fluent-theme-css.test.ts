// The build-time theme (scripts/fluent-theme-css.js): which tokens the stylesheets read,
// the light and dark blocks it writes from @fluentui/tokens, and that the stylesheets
// themselves hold no colour of their own (else dark mode would miss it).
import fs from 'node:fs';
import path from 'node:path';
import { webDarkTheme, webLightTheme } from '@fluentui/tokens';

interface FluentThemeCss {
  readonly ALIASES: Readonly<Record<string, { light: string; dark: string }>>;
  readonly usedTokenNames: (cssTexts: readonly string[]) => string[];
  readonly themeCss: (
    light: Readonly<Record<string, string | number>>,
    dark: Readonly<Record<string, string | number>>,
    names: readonly string[],
  ) => string;
}

const ROOT = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS build script (webpack.config.js loads it) without types
const { ALIASES, themeCss, usedTokenNames } = require(path.join(ROOT, 'scripts/fluent-theme-css.js')) as FluentThemeCss;
const ASSETS = path.join(ROOT, 'src/taskpane/assets');
const stylesheets = fs
  .readdirSync(ASSETS)
  .filter((name) => name.endsWith('.css'))
  .map((name) => ({ name, text: fs.readFileSync(path.join(ASSETS, name), 'utf8') }));

const LIGHT = { colorA: '#ffffff', colorB: '#000000', radius: '4px' };
const DARK = { colorA: '#292929', colorB: '#000000', radius: '4px' };

/** The declarations of the block that starts at `selector`, as name → value. */
function block(css: string, selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  expect(start).toBeGreaterThanOrEqual(0);
  const body = css.slice(start, css.indexOf('}', start));
  return Object.fromEntries([...body.matchAll(/^\s*([-\w]+):\s*(.+);$/gm)].map((m): [string, string] => [m[1] ?? '', m[2] ?? '']));
}

describe('usedTokenNames', () => {
  test.each<[string, string[], string[]]>([
    [
      'each var() once, in order of use',
      ['a { color: var(--colorA); } b { color: var(--colorB); border: var(--colorA); }'],
      ['colorA', 'colorB'],
    ],
    ['across stylesheets', ['a { color: var(--colorA); }', 'b { color: var( --colorB); }'], ['colorA', 'colorB']],
    ['not in comments', ['/* var(--colorGone) */ a { color: var(--colorA); }'], ['colorA']],
    ['none', ['a { color: inherit; }'], []],
  ])('%s', (_name, texts, expected) => {
    expect(usedTokenNames(texts)).toEqual(expected);
  });
});

describe('themeCss', () => {
  const css = themeCss(LIGHT, DARK, ['colorA', 'colorB', 'radius']);

  test('light values on :root, with the light colour scheme for native controls', () => {
    expect(block(css, ':root')).toEqual({ 'color-scheme': 'light', '--colorA': '#ffffff', '--colorB': '#000000', '--radius': '4px' });
  });

  test.each([":root:not([data-theme='light'])", ":root[data-theme='dark']"])(
    '%s: the dark values that differ, dark colour scheme',
    (selector) => {
      expect(block(css, selector)).toEqual({ 'color-scheme': 'dark', '--colorA': '#292929' });
    },
  );

  test('the system preference applies only inside its media query, the pane’s choice always', () => {
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{\n:root:not\(\[data-theme='light'\]\) \{/);
  });

  test('an alias takes its own token per theme', () => {
    expect(ALIASES['colorHighlightBackground']).toEqual({ light: 'colorPaletteYellowBackground2', dark: 'colorPaletteYellowBackground1' });
    const light = { ...LIGHT, colorPaletteYellowBackground2: '#fef7b2' };
    const dark = { ...DARK, colorPaletteYellowBackground1: '#4c4400' };
    const real = themeCss(light, dark, ['colorHighlightBackground']);
    expect(block(real, ':root')['--colorHighlightBackground']).toBe('#fef7b2');
    expect(block(real, ":root[data-theme='dark']")['--colorHighlightBackground']).toBe('#4c4400');
  });

  test('a name that is no token is a build error, not a missing colour', () => {
    expect(() => themeCss(LIGHT, DARK, ['colorTypo'])).toThrow('var(--colorTypo) is not a Fluent 2 token');
  });
});

describe("the pane's stylesheets", () => {
  test.each(stylesheets.map((sheet) => [sheet.name, sheet.text]))('%s holds no colour of its own', (_name, text) => {
    const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '');
    expect(withoutComments.match(/#[0-9a-f]{3,8}\b|\b(rgba?|hsla?)\(|:\s*(white|black)\b/gi) ?? []).toEqual([]);
  });

  test('read only Fluent 2 tokens (and the aliases), all of them defined in both themes', () => {
    const css = themeCss({ ...webLightTheme }, { ...webDarkTheme }, usedTokenNames(stylesheets.map((sheet) => sheet.text)));
    expect(block(css, ':root')['--colorNeutralBackground1']).toBe('#ffffff');
    expect(block(css, ":root[data-theme='dark']")['--colorNeutralBackground1']).toBe('#292929');
    // The focus ring keeps Fluent's brand stroke (the e2e tests check its colour on screen).
    expect(block(css, ':root')['--colorBrandStroke1']).toBe('#0f6cbd');
  });
});
