// The offline checks of an Outlook manifest: the rules that matter to Outlook, checked
// here because Microsoft's validator (`office-addin-manifest validate`) posts the file
// to an online service. Shared by `npm run validate`, `npm run manifest` (which checks
// what it generates) and test/manifest/manifest.test.ts (which breaks the manifest on
// purpose and expects each check to notice).
import fs from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { REPO_ROOT } from '../repo-root.js';
import {
  childNamed,
  childrenNamed,
  descendants,
  descendantsAll,
  parseManifest,
  versionOverrides,
  type ManifestElement,
} from './manifest-element.js';

/** The files behind <origin>/pane/assets/: the gateway serves the pane's assets from here (copied by webpack). */
const ASSETS_DIR = path.join(REPO_ROOT, 'src/taskpane/assets');

const MIN_MAILBOX_VERSION = '1.5'; // pinnable task panes
const MAX_RESOURCE_ID_LENGTH = 32;
const MAX_SHORT_STRING_LENGTH = 125;
const MAX_LONG_STRING_LENGTH = 250;

const paneUrl = (origin: string): string => `${origin}/pane/taskpane.html`;
const assetsUrl = (origin: string): string => `${origin}/pane/assets/`;

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

function resourcesOf(scope: ManifestElement): Resource[] {
  const resources = childNamed(scope, 'Resources');
  return RESOURCE_KINDS.flatMap((kind) =>
    childrenNamed(childNamed(resources, kind), RESOURCE_ITEM[kind]).map((item) => ({
      kind,
      id: item.attrs.id ?? '',
      value: item.attrs.DefaultValue ?? '',
    })),
  );
}

function resolve(scope: ManifestElement, kind: ResourceKind, resid: string): Resource | undefined {
  return resourcesOf(scope).find((r) => r.kind === kind && r.id === resid);
}

function scopeName(scope: ManifestElement): string {
  return scope.attrs['xsi:type'] ?? 'VersionOverrides';
}

// ---------------------------------------------------------------------------------
// Checks: each returns human-readable problems, [] when the manifest is fine.

/** Problems of a manifest whose gateway is at `origin` (e.g. https://localhost:3000), [] when it is fine. */
export type ManifestCheck = (xml: string, origin: string) => string[];

const checkWellFormed: ManifestCheck = (xml) => {
  const result = XMLValidator.validate(xml);
  return result === true ? [] : [`not well-formed XML: ${result.err.msg} (line ${result.err.line})`];
};

const checkBase: ManifestCheck = (xml, origin) => {
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
  if (readSource !== paneUrl(origin)) problems.push(`ItemRead SourceLocation is ${readSource}, not ${paneUrl(origin)}`);

  const permissions = childNamed(app, 'Permissions')?.text;
  if (permissions !== 'ReadWriteItem') problems.push(`Permissions are ${permissions}, not ReadWriteItem`);

  const rules = [...childrenNamed(app, 'Rule'), ...childrenNamed(app, 'Rule').flatMap((r) => [...descendants(r)])];
  const readsMessages = rules.some(
    (r) => r.attrs['xsi:type'] === 'ItemIs' && r.attrs.ItemType === 'Message' && r.attrs.FormType === 'Read',
  );
  if (!readsMessages) problems.push('no Rule ItemIs Message/Read: the add-in would never activate on a read message');
  return problems;
};

const checkCommands: ManifestCheck = (xml, origin) => {
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
      return resolve(scope, 'bt:Urls', resid)?.value === paneUrl(origin);
    });
    if (opensPane.length === 0) {
      problems.push(`${name}: no MessageReadCommandSurface button whose ShowTaskpane action opens ${paneUrl(origin)}`);
    }
    if (scope.attrs['xsi:type'] === 'VersionOverridesV1_1' && !opensPane.some((a) => childNamed(a, 'SupportsPinning')?.text === 'true')) {
      problems.push(`${name}: the task pane button does not support pinning`);
    }
  }
  return problems;
};

const checkResourceReferences: ManifestCheck = (xml) => {
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

const checkResourceDefinitions: ManifestCheck = (xml) => {
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

function iconProblem(what: string, url: string, size: number, origin: string): string | undefined {
  const assets = assetsUrl(origin);
  if (!url.startsWith(assets)) return `${what}: ${url} is not under ${assets}`;
  const file = path.join(ASSETS_DIR, url.slice(assets.length));
  const png = readPngSize(file);
  if (typeof png === 'string') return `${what}: ${path.relative(REPO_ROOT, file)} is ${png}`;
  if (png.width !== size || png.height !== size) {
    return `${what}: ${path.relative(REPO_ROOT, file)} is ${png.width}x${png.height}, expected ${size}x${size}`;
  }
  return undefined;
}

const checkIcons: ManifestCheck = (xml, origin) => {
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
  return wanted.flatMap(([what, url, size]) => iconProblem(what, url, size, origin) ?? []);
};

const checkUrls: ManifestCheck = (xml) => {
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

/** Every check by name; each gets the manifest's text and the origin its URLs must use. */
export const MANIFEST_CHECKS = {
  checkWellFormed,
  checkBase,
  checkCommands,
  checkResourceReferences,
  checkResourceDefinitions,
  checkIcons,
  checkUrls,
} as const satisfies Readonly<Record<string, ManifestCheck>>;

/**
 * Every problem the checks find, [] for a good manifest. A manifest that is not
 * well-formed gets only that problem (the other checks would just repeat it), and a
 * check that throws on a manifest too broken for it becomes a problem, so a caller
 * sees all of them at once.
 */
export function manifestProblems(xml: string, origin: string): string[] {
  const wellFormed = checkWellFormed(xml, origin);
  if (wellFormed.length > 0) return wellFormed;
  return Object.entries(MANIFEST_CHECKS).flatMap(([name, check]) => {
    try {
      return check(xml, origin);
    } catch (error) {
      return [`${name} could not read the manifest: ${error instanceof Error ? error.message : String(error)}`];
    }
  });
}
