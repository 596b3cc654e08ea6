import { XMLParser } from 'fast-xml-parser';

/**
 * A manifest as a normalised element tree: fast-xml-parser gives a string for
 * text-only elements, an object otherwise, and an array for repeated siblings;
 * the checks want one shape for all of them.
 */
export interface ManifestElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly text: string;
  readonly children: readonly ManifestElement[];
}

const ATTR_PREFIX = '@_';

function toElements(name: string, value: unknown): ManifestElement[] {
  if (Array.isArray(value)) return value.flatMap((item: unknown) => toElements(name, item));
  if (typeof value !== 'object' || value === null) {
    // A text-only element: its text (a string with parseTagValue false; '' when empty).
    const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
    return [{ name, attrs: {}, text, children: [] }];
  }
  const attrs: Record<string, string> = {};
  const children: ManifestElement[] = [];
  let text = '';
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith(ATTR_PREFIX)) attrs[key.slice(ATTR_PREFIX.length)] = String(child);
    else if (key === '#text') text = String(child);
    else children.push(...toElements(key, child));
  }
  return [{ name, attrs, text, children }];
}

/** The <OfficeApp> element of a manifest; throws when there is none. */
export function parseManifest(xml: string): ManifestElement {
  // parseTagValue false: "1.5" and "0.1.0.0" stay text, not numbers.
  const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, attributeNamePrefix: ATTR_PREFIX });
  const root = toElements('#document', parser.parse(xml))[0];
  const officeApp = root?.children.find((c) => c.name === 'OfficeApp');
  if (officeApp === undefined) throw new Error('no <OfficeApp> root element');
  return officeApp;
}

export function childrenNamed(el: ManifestElement | undefined, name: string): ManifestElement[] {
  return el?.children.filter((c) => c.name === name) ?? [];
}

export function childNamed(el: ManifestElement | undefined, name: string): ManifestElement | undefined {
  return childrenNamed(el, name)[0];
}

/** Every element below `el`; does not enter nested <VersionOverrides> (their own scope). */
export function* descendants(el: ManifestElement): Generator<ManifestElement> {
  for (const child of el.children) {
    yield child;
    if (child.name !== 'VersionOverrides') yield* descendants(child);
  }
}

/** Every element below `el`, nested VersionOverrides included. */
export function* descendantsAll(el: ManifestElement): Generator<ManifestElement> {
  for (const child of el.children) {
    yield child;
    yield* descendantsAll(child);
  }
}

/** The V1_0 element and the V1_1 nested in it; each is its own resource scope. */
export function versionOverrides(officeApp: ManifestElement): ManifestElement[] {
  const scopes: ManifestElement[] = [];
  for (let el = childNamed(officeApp, 'VersionOverrides'); el; el = childNamed(el, 'VersionOverrides')) scopes.push(el);
  return scopes;
}

/** The ItemRead form's SourceLocation: the page Outlook opens for the add-in. */
export function readFormSource(officeApp: ManifestElement): string | undefined {
  const readForm = childrenNamed(childNamed(officeApp, 'FormSettings'), 'Form').find((f) => f.attrs['xsi:type'] === 'ItemRead');
  return childNamed(childNamed(readForm, 'DesktopSettings'), 'SourceLocation')?.attrs.DefaultValue;
}
