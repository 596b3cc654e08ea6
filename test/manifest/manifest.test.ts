// Offline checks of manifest.xml. Microsoft's validator (`office-addin-manifest validate`)
// posts the file to an online service, so the rules that matter to Outlook are checked
// here instead. Every check is a function returning its problems; the table at the end
// breaks the manifest on purpose and expects each check to notice.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ManifestInfo } from 'office-addin-manifest';

const ROOT = path.resolve(__dirname, '../..');
const MANIFEST_PATH = path.join(ROOT, 'manifest.xml');
const ASSETS_DIR = path.join(ROOT, 'src/taskpane/assets');

const ORIGIN = 'https://localhost:3000';
const PANE_URL = `${ORIGIN}/pane/taskpane.html`;
const ASSETS_URL = `${ORIGIN}/pane/assets/`;
const MIN_MAILBOX_VERSION = '1.5'; // pinnable task panes
const MAX_RESOURCE_ID_LENGTH = 32;
const MAX_SHORT_STRING_LENGTH = 125;
const MAX_LONG_STRING_LENGTH = 250;

// ---------------------------------------------------------------------------------
// A normalised element tree: fast-xml-parser gives a string for text-only elements,
// an object otherwise, and an array for repeated siblings.

interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly text: string;
  readonly children: readonly XmlElement[];
}

const ATTR_PREFIX = '@_';

function toElements(name: string, value: unknown): XmlElement[] {
  if (Array.isArray(value)) return value.flatMap((item: unknown) => toElements(name, item));
  if (typeof value !== 'object' || value === null) {
    return [{ name, attrs: {}, text: String(value ?? ''), children: [] }];
  }
  const attrs: Record<string, string> = {};
  const children: XmlElement[] = [];
  let text = '';
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith(ATTR_PREFIX)) attrs[key.slice(ATTR_PREFIX.length)] = String(child);
    else if (key === '#text') text = String(child);
    else children.push(...toElements(key, child));
  }
  return [{ name, attrs, text, children }];
}

function parseManifest(xml: string): XmlElement {
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, attributeNamePrefix: ATTR_PREFIX });
  const root = toElements('#document', parser.parse(xml))[0];
  const officeApp = root?.children.find((c) => c.name === 'OfficeApp');
  if (officeApp === undefined) throw new Error('no <OfficeApp> root element');
  return officeApp;
}

function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el?.children.filter((c) => c.name === name) ?? [];
}

function childNamed(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return childrenNamed(el, name)[0];
}

/** Every element below `el`; does not enter nested <VersionOverrides> (their own scope). */
function* descendants(el: XmlElement): Generator<XmlElement> {
  for (const child of el.children) {
    yield child;
    if (child.name !== 'VersionOverrides') yield* descendants(child);
  }
}

/** The V1_0 element and the V1_1 nested in it; each is its own resource scope. */
function versionOverrides(officeApp: XmlElement): XmlElement[] {
  const scopes: XmlElement[] = [];
  for (let el = childNamed(officeApp, 'VersionOverrides'); el; el = childNamed(el, 'VersionOverrides')) scopes.push(el);
  return scopes;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

// ---------------------------------------------------------------------------------
// Resources

const RESOURCE_KINDS = ['bt:Images', 'bt:Urls', 'bt:ShortStrings', 'bt:LongStrings'] as const;
type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** Which kind of resource an element's `resid` must name, by element. */
const RESID_KIND: Readonly<Record<string, ResourceKind>> = {
  'bt:Image': 'bt:Images',
  SourceLocation: 'bt:Urls',
  FunctionFile: 'bt:Urls',
  Label: 'bt:ShortStrings',
  Title: 'bt:ShortStrings',
  Description: 'bt:LongStrings',
};

const RESOURCE_ITEM: Readonly<Record<ResourceKind, string>> = {
  'bt:Images': 'bt:Image',
  'bt:Urls': 'bt:Url',
  'bt:ShortStrings': 'bt:String',
  'bt:LongStrings': 'bt:String',
};

interface Resource {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly value: string;
}

function resourcesOf(scope: XmlElement): Resource[] {
  const resources = childNamed(scope, 'Resources');
  return RESOURCE_KINDS.flatMap((kind) =>
    childrenNamed(childNamed(resources, kind), RESOURCE_ITEM[kind]).map((item) => ({
      kind,
      id: item.attrs.id ?? '',
      value: item.attrs.DefaultValue ?? '',
    })),
  );
}

function resolve(scope: XmlElement, kind: ResourceKind, resid: string): Resource | undefined {
  return resourcesOf(scope).find((r) => r.kind === kind && r.id === resid);
}

function scopeName(scope: XmlElement): string {
  return scope.attrs['xsi:type'] ?? 'VersionOverrides';
}

// ---------------------------------------------------------------------------------
// Checks: each returns human-readable problems, [] when the manifest is fine.

type Check = (xml: string) => string[];

const checkWellFormed: Check = (xml) => {
  const result = XMLValidator.validate(xml);
  return result === true ? [] : [`not well-formed XML: ${result.err.msg} (line ${result.err.line})`];
};

const checkBase: Check = (xml) => {
  const app = parseManifest(xml);
  const problems: string[] = [];
  if (app.attrs['xsi:type'] !== 'MailApp') problems.push(`OfficeApp xsi:type is ${app.attrs['xsi:type']}, not MailApp`);
  if (app.attrs.xmlns !== 'http://schemas.microsoft.com/office/appforoffice/1.1') {
    problems.push(`OfficeApp namespace is ${app.attrs.xmlns}, not the 1.1 schema`);
  }
  const hosts = childrenNamed(childNamed(app, 'Hosts'), 'Host').map((h) => h.attrs.Name);
  if (hosts.join() !== 'Mailbox') problems.push(`Hosts are [${hosts.join()}], not [Mailbox]`);

  const sets = childrenNamed(childNamed(childNamed(app, 'Requirements'), 'Sets'), 'Set');
  const mailbox = sets.find((s) => s.attrs.Name === 'Mailbox');
  if (mailbox?.attrs.MinVersion !== MIN_MAILBOX_VERSION) {
    problems.push(`Mailbox MinVersion is ${mailbox?.attrs.MinVersion}, not ${MIN_MAILBOX_VERSION}`);
  }

  const readForm = childrenNamed(childNamed(app, 'FormSettings'), 'Form').find((f) => f.attrs['xsi:type'] === 'ItemRead');
  const readSource = childNamed(childNamed(readForm, 'DesktopSettings'), 'SourceLocation')?.attrs.DefaultValue;
  if (readSource !== PANE_URL) problems.push(`ItemRead SourceLocation is ${readSource}, not ${PANE_URL}`);

  const permissions = childNamed(app, 'Permissions')?.text;
  if (permissions !== 'ReadWriteItem') problems.push(`Permissions are ${permissions}, not ReadWriteItem`);

  const rules = [...childrenNamed(app, 'Rule'), ...childrenNamed(app, 'Rule').flatMap((r) => [...descendants(r)])];
  const readsMessages = rules.some(
    (r) => r.attrs['xsi:type'] === 'ItemIs' && r.attrs.ItemType === 'Message' && r.attrs.FormType === 'Read',
  );
  if (!readsMessages) problems.push('no Rule ItemIs Message/Read: the add-in would never activate on a read message');
  return problems;
};

const checkCommands: Check = (xml) => {
  const app = parseManifest(xml);
  const scopes = versionOverrides(app);
  const problems: string[] = [];
  const expected = [
    ['VersionOverridesV1_0', 'http://schemas.microsoft.com/office/mailappversionoverrides'],
    ['VersionOverridesV1_1', 'http://schemas.microsoft.com/office/mailappversionoverrides/1.1'],
  ] as const;
  expected.forEach(([type, ns], depth) => {
    const scope = scopes[depth];
    if (scope?.attrs['xsi:type'] !== type || scope.attrs.xmlns !== ns) {
      problems.push(`VersionOverrides at depth ${depth} is not ${type} in ${ns}`);
    }
  });

  for (const scope of scopes) {
    const name = scopeName(scope);
    const minVersion = childNamed(childNamed(scope, 'Requirements'), 'bt:Sets')?.attrs.DefaultMinVersion ?? '1.0';
    if (compareVersions(minVersion, MIN_MAILBOX_VERSION) < 0) {
      problems.push(`${name}: requirements ${minVersion} are looser than the base Mailbox ${MIN_MAILBOX_VERSION}`);
    }
    const surfaces = [...descendants(scope)].filter(
      (el) => el.name === 'ExtensionPoint' && el.attrs['xsi:type'] === 'MessageReadCommandSurface',
    );
    const paneActions = surfaces
      .flatMap((surface) => [...descendants(surface)])
      .filter((el) => el.name === 'Control' && el.attrs['xsi:type'] === 'Button')
      .map((button) => childNamed(button, 'Action'))
      .filter((action) => action?.attrs['xsi:type'] === 'ShowTaskpane');
    const opensPane = paneActions.filter((action) => {
      const resid = childNamed(action, 'SourceLocation')?.attrs.resid ?? '';
      return resolve(scope, 'bt:Urls', resid)?.value === PANE_URL;
    });
    if (opensPane.length === 0) {
      problems.push(`${name}: no MessageReadCommandSurface button whose ShowTaskpane action opens ${PANE_URL}`);
    }
    if (scope.attrs['xsi:type'] === 'VersionOverridesV1_1' && !opensPane.some((a) => childNamed(a, 'SupportsPinning')?.text === 'true')) {
      problems.push(`${name}: the task pane button does not support pinning`);
    }
  }
  return problems;
};

const checkResourceReferences: Check = (xml) => {
  const problems: string[] = [];
  for (const scope of versionOverrides(parseManifest(xml))) {
    for (const el of descendants(scope)) {
      const resid = el.attrs.resid;
      if (resid === undefined) continue;
      const kind = RESID_KIND[el.name];
      if (kind === undefined) {
        problems.push(`${scopeName(scope)}: <${el.name} resid="${resid}"> has no known resource kind (extend RESID_KIND)`);
      } else if (resolve(scope, kind, resid) === undefined) {
        const elsewhere = resourcesOf(scope).find((r) => r.id === resid);
        problems.push(
          `${scopeName(scope)}: <${el.name} resid="${resid}"> ` +
            (elsewhere ? `names a ${elsewhere.kind} resource, expected ${kind}` : `is not defined in ${kind}`),
        );
      }
    }
  }
  return problems;
};

const checkResourceDefinitions: Check = (xml) => {
  const problems: string[] = [];
  for (const scope of versionOverrides(parseManifest(xml))) {
    const seen = new Set<string>();
    for (const { kind, id, value } of resourcesOf(scope)) {
      const where = `${scopeName(scope)} ${kind} "${id}"`;
      if (id.length === 0 || id.length > MAX_RESOURCE_ID_LENGTH) {
        problems.push(`${where}: id length ${id.length} is outside 1..${MAX_RESOURCE_ID_LENGTH}`);
      }
      if (seen.has(id)) problems.push(`${where}: id defined twice`);
      seen.add(id);
      if (value.length === 0) problems.push(`${where}: empty DefaultValue`);
      if (kind === 'bt:ShortStrings' && value.length > MAX_SHORT_STRING_LENGTH) {
        problems.push(`${where}: ${value.length} characters, short strings allow ${MAX_SHORT_STRING_LENGTH}`);
      }
      if (kind === 'bt:LongStrings' && value.length > MAX_LONG_STRING_LENGTH) {
        problems.push(`${where}: ${value.length} characters, long strings allow ${MAX_LONG_STRING_LENGTH}`);
      }
    }
  }
  return problems;
};

/** Width and height from a PNG's IHDR chunk, or a reason it is not a PNG. */
function readPngSize(file: string): { width: number; height: number } | string {
  if (!fs.existsSync(file)) return 'missing';
  const bytes = fs.readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('ascii', 12, 16) !== 'IHDR') {
    return 'not a PNG';
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function iconProblem(what: string, url: string, size: number): string | undefined {
  if (!url.startsWith(ASSETS_URL)) return `${what}: ${url} is not under ${ASSETS_URL}`;
  const file = path.join(ASSETS_DIR, url.slice(ASSETS_URL.length));
  const png = readPngSize(file);
  if (typeof png === 'string') return `${what}: ${path.relative(ROOT, file)} is ${png}`;
  if (png.width !== size || png.height !== size) {
    return `${what}: ${path.relative(ROOT, file)} is ${png.width}x${png.height}, expected ${size}x${size}`;
  }
  return undefined;
}

const checkIcons: Check = (xml) => {
  const app = parseManifest(xml);
  // Outlook shows IconUrl at 64 px and HighResolutionIconUrl at 128 px.
  const wanted: Array<[string, string, number]> = [
    ['IconUrl', childNamed(app, 'IconUrl')?.attrs.DefaultValue ?? '', 64],
    ['HighResolutionIconUrl', childNamed(app, 'HighResolutionIconUrl')?.attrs.DefaultValue ?? '', 128],
  ];
  for (const scope of versionOverrides(app)) {
    for (const el of descendants(scope)) {
      if (el.name !== 'bt:Image' || el.attrs.resid === undefined) continue;
      const image = resolve(scope, 'bt:Images', el.attrs.resid);
      if (image) wanted.push([`${scopeName(scope)} ${image.id}`, image.value, Number(el.attrs.size)]);
    }
  }
  return wanted.flatMap(([what, url, size]) => iconProblem(what, url, size) ?? []);
};

const checkUrls: Check = (xml) => {
  const app = parseManifest(xml);
  const problems: string[] = [];
  const appDomains = childrenNamed(childNamed(app, 'AppDomains'), 'AppDomain').map((d) => d.text);
  const paneSource = childrenNamed(childNamed(app, 'FormSettings'), 'Form')
    .map((f) => childNamed(childNamed(f, 'DesktopSettings'), 'SourceLocation')?.attrs.DefaultValue)
    .find((url) => url !== undefined);
  const paneOrigin = paneSource ? new URL(paneSource).origin : undefined;
  if (paneOrigin === undefined || !appDomains.includes(paneOrigin)) {
    problems.push(`AppDomains [${appDomains.join()}] do not list the pane's origin ${paneOrigin}`);
  }
  // Every URL anywhere: attribute values (namespace declarations are names, not
  // addresses) and element text.
  const urls: string[] = [];
  for (const el of [app, ...descendantsAll(app)]) {
    for (const [name, value] of Object.entries(el.attrs)) {
      if (!name.startsWith('xmlns') && isUrl(value)) urls.push(value);
    }
    if (isUrl(el.text)) urls.push(el.text);
  }
  for (const url of urls) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') problems.push(`${url} is not https (Outlook refuses plain http)`);
    if (parsed.origin !== paneOrigin || !appDomains.includes(parsed.origin)) {
      problems.push(`${url} is outside the pane's origin ${paneOrigin} and AppDomains`);
    }
  }
  return problems;
};

function isUrl(value: string): boolean {
  return /^[a-z][a-z\d+.-]*:\/\//i.test(value.trim());
}

/** Every element below `el`, nested VersionOverrides included. */
function* descendantsAll(el: XmlElement): Generator<XmlElement> {
  for (const child of el.children) {
    yield child;
    yield* descendantsAll(child);
  }
}

const CHECKS = {
  checkWellFormed,
  checkBase,
  checkCommands,
  checkResourceReferences,
  checkResourceDefinitions,
  checkIcons,
  checkUrls,
} as const;

function allProblems(xml: string): string[] {
  const wellFormed = checkWellFormed(xml);
  if (wellFormed.length > 0) return wellFormed;
  return Object.values(CHECKS).flatMap((check) => check(xml));
}

// ---------------------------------------------------------------------------------

const manifestXml = fs.readFileSync(MANIFEST_PATH, 'utf8');

/**
 * office-addin-manifest's readManifestFile, run in plain Node: the package requires
 * ESM-only dependencies (uuid 14; strip-bom through @microsoft/app-manifest) that
 * jest's CommonJS module runtime refuses, while Node >= 20.19 loads them natively.
 */
async function readManifestInfo(): Promise<ManifestInfo> {
  const script =
    "require('office-addin-manifest').OfficeAddinManifest.readManifestFile(process.argv[1])" +
    '.then((info) => process.stdout.write(JSON.stringify(info)), (err) => { console.error(err); process.exit(1); })';
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, MANIFEST_PATH], { cwd: ROOT });
  return JSON.parse(stdout) as ManifestInfo;
}

describe('manifest.xml as office-addin-manifest reads it', () => {
  let info: ManifestInfo;
  beforeAll(async () => {
    info = await readManifestInfo();
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
    expect(info.iconUrl).toBe(`${ASSETS_URL}icon-64.png`);
    expect(info.highResolutionIconUrl).toBe(`${ASSETS_URL}icon-128.png`);
    expect(info.supportUrl).toMatch(/^https:\/\//);
    expect(info.appDomains).toEqual([ORIGIN]);
  });

  it('keeps the add-in id stable (Outlook treats a new id as a new add-in)', () => {
    expect(info.id).toBe('f36a028e-97e1-4ee3-959e-67c95c2babc8');
  });
});

describe('manifest.xml structure', () => {
  it.each(Object.entries(CHECKS))('%s finds no problem', (_name, check) => {
    expect(check(manifestXml)).toEqual([]);
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
    const problems = allProblems(manifestXml.replaceAll(from, to));
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });
});
