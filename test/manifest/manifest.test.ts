// Offline checks of manifest.xml, and of the manifests `npm run manifest` generates
// from it for other gateways. Microsoft's validator (`office-addin-manifest validate`)
// posts the file to an online service, so the rules that matter to Outlook are checked
// by scripts/manifest/manifest-checks.ts instead (`npm run validate` runs the same
// checks); the table at the end breaks the manifest on purpose and expects each check
// to notice.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ManifestInfo } from 'office-addin-manifest';
import { MANIFEST_CHECKS, manifestProblems } from '../../scripts/manifest/manifest-checks.js';
import { retargetManifest } from '../../scripts/manifest/retarget-manifest.js';

const ROOT = path.resolve(__dirname, '../..');
const MANIFEST_PATH = path.join(ROOT, 'manifest.xml');
const ORIGIN = 'https://localhost:3000';

const manifestXml = fs.readFileSync(MANIFEST_PATH, 'utf8');

// manifest.xml, and what `npm run manifest -- --url …` makes of it for other gateways:
// each must pass the same checks with its own origin.
const MANIFESTS: Array<[name: string, origin: string, xml: string]> = [
  ['manifest.xml', ORIGIN, manifestXml],
  ...['https://crm-gw.example.com', 'https://crm.example.org:8443'].map((origin): [string, string, string] => [
    `manifest.xml generated for ${origin}`,
    origin,
    retargetManifest(manifestXml, origin),
  ]),
];

/**
 * office-addin-manifest's readManifestFile, run in plain Node: the package requires
 * ESM-only dependencies (uuid 14; strip-bom through @microsoft/app-manifest) that
 * jest's CommonJS module runtime refuses, while Node >= 20.19 loads them natively.
 */
async function readManifestInfo(file: string): Promise<ManifestInfo> {
  const script =
    "require('office-addin-manifest').OfficeAddinManifest.readManifestFile(process.argv[1])" +
    '.then((info) => process.stdout.write(JSON.stringify(info)), (err) => { console.error(err); process.exit(1); })';
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, file], { cwd: ROOT });
  return JSON.parse(stdout) as ManifestInfo;
}

describe.each(MANIFESTS)('%s', (name, origin, xml) => {
  describe('as office-addin-manifest reads it', () => {
    let info: ManifestInfo;
    beforeAll(async () => {
      if (name === 'manifest.xml') {
        info = await readManifestInfo(MANIFEST_PATH);
        return;
      }
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fieldbook-manifest-'));
      try {
        fs.writeFileSync(path.join(dir, 'manifest.xml'), xml);
        info = await readManifestInfo(path.join(dir, 'manifest.xml'));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('describes the Fieldbook mail add-in', () => {
      expect(info.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
      expect(info.officeAppType).toBe('MailApp');
      expect(info.providerName).toBe('Fieldbook');
      expect(info.displayName).toBe('Fieldbook CRM');
      expect(info.description).toEqual(expect.stringMatching(/\S/));
      expect(info.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(info.defaultLocale).toBe('en-US');
      expect(info.hosts).toEqual(['Mailbox']);
      expect(info.permissions).toBe('ReadWriteItem');
      expect(info.iconUrl).toBe(`${origin}/pane/assets/icon-64.png`);
      expect(info.highResolutionIconUrl).toBe(`${origin}/pane/assets/icon-128.png`);
      expect(info.supportUrl).toMatch(/^https:\/\//);
      expect(info.appDomains).toEqual([origin]);
    });

    it('keeps the add-in id stable (Outlook treats a new id as a new add-in)', () => {
      expect(info.id).toBe('f36a028e-97e1-4ee3-959e-67c95c2babc8');
    });
  });

  describe('structure', () => {
    it.each(Object.entries(MANIFEST_CHECKS))('%s finds no problem', (_name, check) => {
      expect(check(xml, origin)).toEqual([]);
    });
  });

  it('fails the checks for any other origin', () => {
    const other = origin === ORIGIN ? 'https://crm-gw.example.com' : ORIGIN;
    expect(manifestProblems(xml, other)).toEqual(
      expect.arrayContaining([`ItemRead SourceLocation is ${origin}/pane/taskpane.html, not ${other}/pane/taskpane.html`]),
    );
  });
});

describe('each check notices a broken manifest', () => {
  // [what breaks, text to replace (every occurrence), replacement, expected problem]
  const mutations: Array<[string, string, string, RegExp]> = [
    ['unclosed root', '</OfficeApp>', '', /not well-formed/],
    ['task pane app type', 'xsi:type="MailApp"', 'xsi:type="TaskPaneApp"', /not MailApp/],
    ['wrong host', '<Host Name="Mailbox"/>', '<Host Name="Document"/>', /not \[Mailbox\]/],
    ['older mailbox version', 'MinVersion="1.5"', 'MinVersion="1.1"', /Mailbox MinVersion is 1\.1/],
    ['looser command requirements', 'DefaultMinVersion="1.5"', 'DefaultMinVersion="1.3"', /looser than the base/],
    [
      'read form elsewhere',
      '<SourceLocation DefaultValue="https://localhost:3000/pane/taskpane.html"/>',
      '<SourceLocation DefaultValue="https://localhost:3000/other.html"/>',
      /ItemRead SourceLocation/,
    ],
    ['read-only permission', '<Permissions>ReadWriteItem</Permissions>', '<Permissions>ReadItem</Permissions>', /Permissions are ReadItem/],
    ['compose rule', 'ItemType="Message" FormType="Read"', 'ItemType="Message" FormType="Edit"', /no Rule ItemIs Message\/Read/],
    ['V1_1 dropped', 'xsi:type="VersionOverridesV1_1"', 'xsi:type="VersionOverridesV1_2"', /depth 1 is not VersionOverridesV1_1/],
    ['button runs a function', 'xsi:type="ShowTaskpane"', 'xsi:type="ExecuteFunction"', /no MessageReadCommandSurface button/],
    ['button on the compose surface', 'MessageReadCommandSurface', 'MessageComposeCommandSurface', /no MessageReadCommandSurface button/],
    [
      'pane URL resource points elsewhere',
      '<bt:Url id="Pane.Url" DefaultValue="https://localhost:3000/pane/taskpane.html"/>',
      '<bt:Url id="Pane.Url" DefaultValue="https://localhost:3000/pane/other.html"/>',
      /opens https:\/\/localhost:3000\/pane\/taskpane\.html/,
    ],
    ['no pinning', '<SupportsPinning>true</SupportsPinning>', '', /does not support pinning/],
    ['undefined resid', '<bt:Url id="Pane.Url"', '<bt:Url id="Pane.Address"', /resid="Pane\.Url"> is not defined in bt:Urls/],
    [
      'resid of the wrong kind',
      '<SourceLocation resid="Pane.Url"/>',
      '<SourceLocation resid="Group.Label"/>',
      /names a bt:ShortStrings resource, expected bt:Urls/,
    ],
    [
      'resid on an unknown element',
      '<SupportsPinning>true</SupportsPinning>',
      '<SupportsPinning>true</SupportsPinning><Tooltip resid="Group.Label"/>',
      /has no known resource kind/,
    ],
    ['resource id over 32 characters', 'PaneButton.Tooltip', 'PaneButton.TooltipWithAVeryLongName', /id length 35/],
    ['duplicate resource id', 'id="Icon.32x32"', 'id="Icon.16x16"', /id defined twice/],
    ['short string too long', 'DefaultValue="Open Fieldbook"', `DefaultValue="${'x'.repeat(126)}"`, /short strings allow 125/],
    ['icon of the wrong size', 'assets/icon-80.png', 'assets/icon-64.png', /is 64x64, expected 80x80/],
    ['missing icon file', 'assets/icon-16.png', 'assets/icon-17.png', /icon-17\.png is missing/],
    ['icon outside the assets', 'https://localhost:3000/pane/assets/icon-128.png', 'https://localhost:3000/icon-128.png', /not under/],
    ['plain http', 'https://localhost:3000/pane/assets/icon-32.png', 'http://localhost:3000/pane/assets/icon-32.png', /is not https/],
    [
      'foreign support site',
      '<SupportUrl DefaultValue="https://localhost:3000/"/>',
      '<SupportUrl DefaultValue="https://example.com/help"/>',
      /example\.com\/help is outside/,
    ],
    [
      'AppDomains without the pane origin',
      '<AppDomain>https://localhost:3000</AppDomain>',
      '<AppDomain>https://example.com</AppDomain>',
      /do not list the pane's origin/,
    ],
  ];

  it.each(mutations)('%s', (_what, from, to, expected) => {
    // A row whose text no longer occurs would pass vacuously: refuse it.
    expect(manifestXml).toContain(from);
    const problems = manifestProblems(manifestXml.replaceAll(from, to), ORIGIN);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });
});
