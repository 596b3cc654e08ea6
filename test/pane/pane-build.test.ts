// Runs the real production build of the task pane (webpack.config.js) and checks what
// the gateway will serve under /pane/: the page, the bundle, office.js and the icons.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import webpack from 'webpack';
import type { Configuration, Stats } from 'webpack';

const ROOT = path.resolve(__dirname, '../..');
const OFFICE_JS_DIST = path.join(ROOT, 'node_modules/@microsoft/office-js/dist');
const ICON_SIZES = [16, 32, 64, 80, 128] as const;
const BUILD_TIMEOUT_MS = 120_000;

// webpack.config.js is plain CommonJS without type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS file without types; require is how it loads
const baseConfig = require(path.join(ROOT, 'webpack.config.js')) as Configuration;

function build(config: Configuration): Promise<Stats> {
  return new Promise((resolve, reject) => {
    const compiler = webpack(config);
    compiler.run((runError, stats) => {
      compiler.close((closeError) => {
        const error = runError ?? closeError;
        if (error) reject(error);
        else if (!stats) reject(new Error('webpack returned no stats'));
        else resolve(stats);
      });
    });
  });
}

/** Every file below `dir`, as paths relative to it with forward slashes. */
function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

interface ScriptTag {
  readonly tag: string;
  readonly src: string;
}

/** The page's <script src> tags in document order (the minified page leaves attributes unquoted). */
function scriptTags(html: string): ScriptTag[] {
  return [...html.matchAll(/<script\b[^>]*>/gi)].flatMap(([tag]) => {
    const src = /\bsrc=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const value = src?.[1] ?? src?.[2] ?? src?.[3];
    return value === undefined ? [] : [{ tag, src: value }];
  });
}

describe('task pane production build', () => {
  let outDir: string;
  let stats: Stats;
  let files: string[];
  let html: string;

  beforeAll(async () => {
    // A fresh directory per run, so parallel runs and `npm run build` never collide.
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldbook-pane-'));
    stats = await build({ ...baseConfig, mode: 'production', output: { ...baseConfig.output, path: outDir } });
    files = listFiles(outDir);
    html = fs.readFileSync(path.join(outDir, 'taskpane.html'), 'utf8');
  }, BUILD_TIMEOUT_MS);

  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('compiles without errors or warnings', () => {
    const { errors, warnings } = stats.toJson({ all: false, errors: true, warnings: true });
    expect(errors ?? []).toEqual([]);
    expect(warnings ?? []).toEqual([]);
  });

  it('writes taskpane.html, loading office.js as a classic script before the bundle', () => {
    const scripts = scriptTags(html);
    const office = scripts.findIndex((s) => s.src === 'office/office.js');
    const bundle = scripts.findIndex((s) => /^taskpane\.[0-9a-f]+\.js$/.test(s.src));
    expect(office).toBeGreaterThanOrEqual(0);
    expect(bundle).toBeGreaterThan(office);
    // async or defer would let the bundle run before `Office` exists.
    expect(scripts[office]?.tag).not.toMatch(/\b(async|defer|type=["']?module)\b/i);
  });

  it('keeps the page accessible: language, title and a status line while it starts', () => {
    expect(html).toMatch(/<html[^>]*\blang=["']?en/i);
    expect(html).toMatch(/<title>Fieldbook<\/title>/);
    expect(html).toMatch(/<p[^>]*\brole=["']?status\b[^>]*>Starting Fieldbook/);
  });

  it("builds the administrator's page with its own bundle only (no office.js, no pane bundle)", () => {
    const admin = fs.readFileSync(path.join(outDir, 'admin.html'), 'utf8');
    const scripts = scriptTags(admin).map((s) => s.src);
    expect(scripts).toEqual([expect.stringMatching(/^admin\.[0-9a-f]+\.js$/)]);
    expect(files).toContain(scripts[0]);
    expect(
      scriptTags(html)
        .map((s) => s.src)
        .some((src) => src.startsWith('admin.')),
    ).toBe(false);
  });

  it('links the Fluent styles, and every stylesheet it links is in the build', () => {
    const links = [...html.matchAll(/<link\b[^>]*\bhref=["']?([^"'\s>]+)/gi)].map((m) => m[1]);
    expect(links).toContain('assets/fieldbook.css');
    for (const link of links) expect(files).toContain(link);
  });

  it('generates the light and dark Fluent 2 theme, linked before the stylesheets that read it, on both pages', () => {
    const theme = fs.readFileSync(path.join(outDir, 'assets/theme.css'), 'utf8');
    // The production build minifies it: compared without regard to spaces and quotes.
    expect(theme).toMatch(/:root\s*\{\s*color-scheme:\s*light;[^}]*--colorNeutralBackground1:\s*#ffffff;/);
    expect(theme).toMatch(/:root\[data-theme=['"]?dark['"]?\]\s*\{\s*color-scheme:\s*dark;[^}]*--colorNeutralBackground1:\s*#292929;/);
    for (const page of [html, fs.readFileSync(path.join(outDir, 'admin.html'), 'utf8')]) {
      expect(page).toMatch(/<meta name=["']?color-scheme["']? content=["']?light dark["']?/);
      const links = [...page.matchAll(/<link\b[^>]*\bhref=["']?([^"'\s>]+)/gi)].map((m) => m[1]);
      expect(links.indexOf('assets/theme.css')).toBeGreaterThanOrEqual(0);
      expect(links.indexOf('assets/theme.css')).toBeLessThan(links.indexOf('assets/fieldbook.css'));
    }
  });

  it('emits the bundle the page references, with the pane logic in it', () => {
    const bundleSrc = scriptTags(html).find((s) => s.src.startsWith('taskpane.'))?.src;
    expect(bundleSrc).toBeDefined();
    expect(files).toContain(bundleSrc);
    const bundle = fs.readFileSync(path.join(outDir, bundleSrc ?? ''), 'utf8');
    // The assistant, the engine's operations and the host adapter are all in the one bundle.
    expect(bundle).toContain('Set up Fieldbook');
    expect(bundle).toContain('EstimateCount');
    expect(bundle).toContain('Mailbox simulator');
  });

  it("copies office.js untouched, with Outlook's host scripts and locale strings", () => {
    const copied = fs.readFileSync(path.join(outDir, 'office/office.js'));
    expect(copied.equals(fs.readFileSync(path.join(OFFICE_JS_DIST, 'office.js')))).toBe(true);
    expect(files).toEqual(
      expect.arrayContaining(['office/outlook-web-16.01.js', 'office/outlook-win32-16.02.js', 'office/en-us/outlook_strings.js']),
    );
  });

  it('leaves out debug builds, IntelliSense files and the other Office hosts', () => {
    const unwanted = files.filter((f) =>
      /\.debug\.js$|-vsdoc\.js$|\.d\.ts$|^office\/(excel|word|powerpoint|onenote|project|access)[a-z]*-/.test(f),
    );
    expect(unwanted).toEqual([]);
  });

  it.each(ICON_SIZES)('copies icon-%i.png', (size) => {
    const name = `icon-${size}.png`;
    const built = fs.readFileSync(path.join(outDir, 'assets', name));
    expect(built.equals(fs.readFileSync(path.join(ROOT, 'src/taskpane/assets', name)))).toBe(true);
  });
});
