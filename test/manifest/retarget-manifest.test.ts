import fs from 'node:fs';
import path from 'node:path';
import { manifestOrigin } from '../../scripts/manifest/manifest-origin.js';
import { retargetManifest } from '../../scripts/manifest/retarget-manifest.js';

const SOURCE = fs.readFileSync(path.resolve(__dirname, '../../manifest.xml'), 'utf8');
const LOCALHOST = 'https://localhost:3000';
const occurrences = (text: string, part: string): number => text.split(part).length - 1;

describe('retargetManifest', () => {
  // [origin given, origin every URL gets]
  const targets: Array<[string, string]> = [
    ['https://crm-gw.example.com', 'https://crm-gw.example.com'],
    ['https://crm.example.org:8443', 'https://crm.example.org:8443'],
    ['https://CRM-GW.example.com:443/', 'https://crm-gw.example.com'],
    ['https://localhost:3443', 'https://localhost:3443'],
    [LOCALHOST, LOCALHOST],
  ];
  it.each(targets)('moves every URL of manifest.xml to %s', (given, origin) => {
    const result = retargetManifest(SOURCE, given);
    expect(manifestOrigin(result)).toBe(origin);
    // SourceLocation, 2 icons, SupportUrl, AppDomain, and per VersionOverrides 3 icons and Pane.Url.
    expect(occurrences(SOURCE, LOCALHOST)).toBe(13);
    expect(occurrences(result, `${origin}/`) + occurrences(result, `${origin}<`)).toBe(13);
    // Nothing else changes: comments, layout, ids, texts.
    expect(result.replaceAll(origin, LOCALHOST)).toBe(SOURCE);
  });

  it('moves a generated manifest again, and back', () => {
    const there = retargetManifest(SOURCE, 'https://crm-gw.example.com');
    const elsewhere = retargetManifest(there, 'https://crm.example.org:8443');
    expect(elsewhere).toBe(retargetManifest(SOURCE, 'https://crm.example.org:8443'));
    expect(retargetManifest(elsewhere, LOCALHOST)).toBe(SOURCE);
  });

  // [what else the manifest holds, text that must survive unchanged]
  const untouched: Array<[string, string]> = [
    ['another port', 'https://localhost:30001/help'],
    ['a longer host', 'https://localhost:3000.example.com/help'],
    ['another host', 'https://help.example.com/'],
  ];
  it.each(untouched)('leaves a URL of %s alone', (_what, url) => {
    const source = SOURCE.replace(`<SupportUrl DefaultValue="${LOCALHOST}/"/>`, `<SupportUrl DefaultValue="${url}"/>`);
    expect(source).toContain(url);
    const result = retargetManifest(source, 'https://crm-gw.example.com');
    expect(result).toContain(`<SupportUrl DefaultValue="${url}"/>`);
    expect(result).not.toContain(`${LOCALHOST}/`);
  });

  // [origin given, why it is refused]
  const refused: Array<[string, RegExp]> = [
    ['http://crm-gw.example.com', /not https/],
    ['https://crm-gw.example.com/fieldbook', /has a path/],
    ['https://crm-gw.example.com?x=1', /query/],
    ['crm-gw.example.com', /not a URL/],
  ];
  it.each(refused)('refuses %s', (origin, reason) => {
    expect(() => retargetManifest(SOURCE, origin)).toThrow(reason);
  });

  it('refuses a manifest that does not say which origin it uses', () => {
    const noSource = SOURCE.replace(/<SourceLocation DefaultValue="[^"]*"\/>/, '');
    expect(() => retargetManifest(noSource, 'https://crm-gw.example.com')).toThrow(/no ItemRead SourceLocation/);
    const plainHttp = SOURCE.replaceAll(LOCALHOST, 'http://localhost:3000');
    expect(() => retargetManifest(plainHttp, 'https://crm-gw.example.com')).toThrow(/no ItemRead SourceLocation with an https URL/);
  });
});
