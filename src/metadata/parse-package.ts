import {
  COMPARISON_OPERATORS,
  decodeValue,
  FILTER_LAYER_LIMITS,
  FILTER_LIMITS,
  filterExprSchema,
  filterLimitProblem,
  measureFilter,
  LIMITS,
  ProtocolError,
  type ComparisonOperator,
  type FilterExpr,
} from '../protocol/index.js';
import { coerceFieldValue } from './coerce-field-value.js';
import {
  KEY_EXCHANGES,
  type KeyExchange,
  type CustomizationPackage,
  type FilterPreset,
  type PackageFile,
  type PackageFilters,
  type PackageInfo,
  type PackageProblem,
  type ParsePackageResult,
  type PresetObjectFilter,
  type SyncSettings,
} from './customization-package.js';
import { fieldPatternProblem } from './field-pattern.js';
import { FIELD_KINDS, type FieldDefinition, type FieldKind, type FieldType, type ObjectDefinition } from './object-definition.js';
import { packageHash, structureHash } from './package-hash.js';
import { parseVersion, parseVersionRanges, versionInRanges } from './package-version.js';
import { childElements, readPackageXml, textOf, type XmlElement } from './package-xml.js';

/**
 * Reads and validates a customization package (docs/customization-package.md).
 * Every problem in every file is collected, each with its file, element path and
 * reason, so an admin fixes a package in one round; a package with any problem
 * yields no CustomizationPackage at all, so it can never be half-applied
 * (Siebel: "Missing xml or js files in the customization package" is an error
 * that stops the sync, not a partial install).
 */
export function parsePackage(files: readonly PackageFile[]): ParsePackageResult {
  const problems = new Problems();
  const roots = readFiles(files, problems);

  const info = roots.get('info.xml');
  const objectsRoot = roots.get('objects.xml');
  const filtersRoot = roots.get('filters.xml');
  const syncRoot = roots.get('sync.xml');

  const packageInfo = info && readInfo(info, problems.in('info.xml'));
  const objectsRead = objectsRoot && readObjects(objectsRoot, problems.in('objects.xml'));
  const objects = objectsRead?.objects;
  // Filters are checked against the objects even when some objects have problems;
  // only an unreadable objects.xml leaves the cross-file checks out (they would all fail).
  const filters = filtersRoot && readFilters(filtersRoot, objectsRead, problems.in('filters.xml'));
  const sync = syncRoot && readSync(syncRoot, problems.in('sync.xml'));

  if (problems.count > 0 || !packageInfo || !objects || !filters || !sync) return { ok: false, problems: problems.list() };
  const pkg: CustomizationPackage = {
    info: packageInfo,
    objects,
    filters,
    sync,
    hash: packageHash(files),
    structureHash: structureHash(objects),
  };
  return { ok: true, package: pkg };
}

/** The files of a package, each with the name of its root element. */
export const PACKAGE_FILES = { 'info.xml': 'info', 'objects.xml': 'objects', 'filters.xml': 'filters', 'sync.xml': 'sync' } as const;
type PackageFileName = keyof typeof PACKAGE_FILES;
const FILE_NAMES = Object.keys(PACKAGE_FILES) as PackageFileName[];
const isPackageFileName = (name: string): name is PackageFileName => Object.hasOwn(PACKAGE_FILES, name);

/** Path used for problems about a whole file (missing, unreadable). */
const WHOLE_FILE = '/';

function readFiles(files: readonly PackageFile[], problems: Problems): Map<PackageFileName, XmlElement> {
  const seen = new Set<string>();
  const roots = new Map<PackageFileName, XmlElement>();
  for (const file of files) {
    if (seen.has(file.name)) {
      problems.add(file.name, WHOLE_FILE, 'the package holds two files with this name');
      continue;
    }
    seen.add(file.name);
    if (!isPackageFileName(file.name)) {
      problems.add(file.name, WHOLE_FILE, `unexpected file: a package holds exactly ${FILE_NAMES.join(', ')}`);
      continue;
    }
    const read = readPackageXml(file.content);
    if (!read.ok) {
      problems.add(file.name, WHOLE_FILE, read.reason);
      continue;
    }
    const expected = PACKAGE_FILES[file.name];
    if (read.root.name !== expected) {
      problems.add(file.name, WHOLE_FILE, `the root element must be <${expected}>, found <${read.root.name}>`);
      continue;
    }
    roots.set(file.name, read.root);
  }
  for (const name of FILE_NAMES) {
    if (!seen.has(name)) problems.add(name, WHOLE_FILE, `missing: a package holds exactly ${FILE_NAMES.join(', ')}`);
  }
  return roots;
}

// ---------------------------------------------------------------- problems

type Report = (path: string, reason: string) => void;

/** A runaway package (thousands of copies of one mistake) still gets a readable answer. */
const MAX_PROBLEMS = 1000;

class Problems {
  private readonly items: PackageProblem[] = [];
  private dropped = 0;

  get count(): number {
    return this.items.length + this.dropped;
  }

  add(file: string, path: string, reason: string): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push({ file, path, reason });
    else this.dropped++;
  }

  in(file: string): Report {
    return (path, reason) => this.add(file, path, reason);
  }

  list(): PackageProblem[] {
    if (this.dropped === 0) return [...this.items];
    return [...this.items, { file: '', path: WHOLE_FILE, reason: `${this.dropped} more problem(s) not listed` }];
  }
}

// ---------------------------------------------------------------- element helpers

interface Shape {
  readonly attributes: readonly string[];
  readonly required?: readonly string[];
  readonly children?: readonly string[];
  /** Whether the element holds text (a leaf such as <products> or <value>). */
  readonly text?: boolean;
}

const list = (names: readonly string[], wrap: (n: string) => string): string =>
  names.length === 0 ? 'nothing' : names.map(wrap).join(', ');

/**
 * Refuses what the format does not define: unknown attributes, unknown child
 * elements and stray text are mistakes (a misspelt `requierd="true"` silently
 * ignored would be worse than an error), never skipped.
 */
function checkShape(element: XmlElement, path: string, shape: Shape, report: Report): void {
  for (const name of element.attributes.keys()) {
    if (!shape.attributes.includes(name)) {
      report(`${path}/@${name}`, `unknown attribute "${name}" on <${element.name}>; it takes ${list(shape.attributes, (a) => `"${a}"`)}`);
    }
  }
  for (const name of shape.required ?? []) {
    if (!element.attributes.has(name)) report(`${path}/@${name}`, `missing attribute "${name}" on <${element.name}>`);
  }
  const allowed = shape.children ?? [];
  for (const child of childElements(element)) {
    if (!allowed.includes(child.name)) {
      report(`${path}/${child.name}`, `unknown element <${child.name}> in <${element.name}>; it holds ${list(allowed, (c) => `<${c}>`)}`);
    }
  }
  const text = textOf(element);
  if (!shape.text && text !== '') report(path, `unexpected text "${clip(text)}" in <${element.name}>`);
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Child elements with a given name, each with its path: `[@key='value']` when it has one, else its position. */
function children(parent: XmlElement, parentPath: string, name: string, key?: string): Array<{ element: XmlElement; path: string }> {
  return childElements(parent)
    .filter((child) => child.name === name)
    .map((element, i) => ({ element, path: elementPath(parentPath, element, i + 1, key) }));
}

function elementPath(parentPath: string, element: XmlElement, position: number, key?: string): string {
  const value = key === undefined ? undefined : element.attributes.get(key);
  return value !== undefined && /^[^'"]{1,64}$/.test(value)
    ? `${parentPath}/${element.name}[@${key}='${value}']`
    : `${parentPath}/${element.name}[${position}]`;
}

/** The one child element with this name; reports a missing (when required) or repeated one. */
function single(
  parent: XmlElement,
  parentPath: string,
  name: string,
  required: boolean,
  report: Report,
): { element: XmlElement; path: string } | undefined {
  const found = children(parent, parentPath, name);
  if (found.length === 0 && required) report(parentPath, `<${parent.name}> needs a <${name}> element`);
  if (found.length > 1) report(`${parentPath}/${name}[2]`, `<${name}> may appear only once in <${parent.name}>`);
  const first = found[0];
  return first && { element: first.element, path: `${parentPath}/${name}` };
}

/** Object and field names: the same rule the wire protocol has for object types and filter fields. */
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const NAME_RULE = 'a name of letters, digits and _ starting with a letter (at most 64)';
/** Package and preset ids. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ID_RULE = 'an id of letters, digits, ".", "_" and "-" (at most 64)';

function matchAttr(element: XmlElement, path: string, name: string, pattern: RegExp, rule: string, report: Report): string | undefined {
  const value = element.attributes.get(name);
  if (value === undefined) return undefined; // a missing required attribute is reported by checkShape
  if (!pattern.test(value)) {
    report(`${path}/@${name}`, `"${clip(value)}" is not ${rule}`);
    return undefined;
  }
  return value;
}

function textAttr(element: XmlElement, path: string, name: string, maxLength: number, report: Report): string | undefined {
  const value = element.attributes.get(name);
  if (value === undefined) return undefined;
  if (value.trim() === '') report(`${path}/@${name}`, `"${name}" must not be empty`);
  else if (value.length > maxLength) report(`${path}/@${name}`, `"${name}" must be at most ${maxLength} characters`);
  else return value;
  return undefined;
}

function boolAttr(element: XmlElement, path: string, name: string, fallback: boolean, report: Report): boolean {
  const value = element.attributes.get(name);
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  report(`${path}/@${name}`, `"${name}" must be true or false, got "${clip(value)}"`);
  return fallback;
}

/** Whole numbers are read from the attribute text strictly: no sign games, no `1e3`, no `0x10`, no `12abc`. */
function intAttr(element: XmlElement, path: string, name: string, min: number, max: number, report: Report): number | undefined {
  const value = element.attributes.get(name);
  if (value === undefined) return undefined;
  const n = /^-?\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    report(`${path}/@${name}`, `"${name}" must be a whole number from ${min} to ${max}, got "${clip(value)}"`);
    return undefined;
  }
  return n;
}

function versionAttr(element: XmlElement, path: string, name: string, report: Report): string | undefined {
  const value = element.attributes.get(name);
  if (value === undefined) return undefined;
  if (!parseVersion(value)) {
    report(`${path}/@${name}`, `"${clip(value)}" is not a version like 1.00.00.00 (four numbers separated by dots)`);
    return undefined;
  }
  return value;
}

/** Reports names that occur more than once (each repeat at its own path). */
function reportDuplicates(entries: ReadonlyArray<{ name: string | undefined; path: string }>, what: string, report: Report): void {
  const seen = new Set<string>();
  for (const { name, path } of entries) {
    if (name === undefined) continue;
    if (seen.has(name)) report(path, `${what} "${name}" is defined more than once`);
    seen.add(name);
  }
}

// ---------------------------------------------------------------- info.xml

function readInfo(root: XmlElement, report: Report): PackageInfo | undefined {
  const path = 'info';
  checkShape(
    root,
    path,
    { attributes: ['id', 'version'], required: ['id', 'version'], children: ['description', 'compatibility'] },
    report,
  );
  const id = matchAttr(root, path, 'id', ID, ID_RULE, report);
  const version = versionAttr(root, path, 'version', report);

  let description: string | undefined;
  const desc = single(root, path, 'description', false, report);
  if (desc) {
    checkShape(desc.element, desc.path, { attributes: [], text: true }, report);
    description = textOf(desc.element);
    if (description.length > 2000) report(desc.path, '<description> must be at most 2000 characters');
  }

  const compat = single(root, path, 'compatibility', true, report);
  if (!compat) return undefined;
  const cPath = compat.path;
  checkShape(
    compat.element,
    cPath,
    { attributes: ['preferred_product'], required: ['preferred_product'], children: ['products', 'schemas'] },
    report,
  );
  const preferred = versionAttr(compat.element, cPath, 'preferred_product', report);
  const products = readRanges(compat.element, cPath, 'products', report);
  const schemas = readRanges(compat.element, cPath, 'schemas', report);
  // The preferred product is what a rep is told to install when theirs does not
  // fit (Siebel "Determines Product and Version Compatibility"); a preferred
  // version the package itself refuses would send reps in circles.
  if (preferred !== undefined && products !== undefined && !versionInRanges(preferred, products)) {
    report(`${cPath}/@preferred_product`, `the preferred product ${preferred} is not among the compatible <products> ${products}`);
  }
  if (id === undefined || version === undefined || preferred === undefined || products === undefined || schemas === undefined)
    return undefined;
  return {
    id,
    version,
    ...(description !== undefined && description !== '' ? { description } : {}),
    compatibility: { preferredProduct: preferred, products, schemas },
  };
}

function readRanges(parent: XmlElement, parentPath: string, name: string, report: Report): string | undefined {
  const found = single(parent, parentPath, name, true, report);
  if (!found) return undefined;
  checkShape(found.element, found.path, { attributes: [], text: true }, report);
  const text = textOf(found.element);
  const ranges = parseVersionRanges(text);
  if (!ranges.ok) {
    report(found.path, `<${name}> must list versions and ranges like 3.05.15.00-3.05.30.99;3.06.00.00: ${ranges.reason}`);
    return undefined;
  }
  return text;
}

// ---------------------------------------------------------------- objects.xml

/** Every FieldType, spelt once: adding a type to FieldType without adding it here does not compile. */
const FIELD_TYPES: Readonly<Record<FieldType, true>> = {
  text: true,
  number: true,
  date: true,
  datetime: true,
  boolean: true,
  reference: true,
  picklist: true,
};
const isFieldType = (type: string): type is FieldType => Object.hasOwn(FIELD_TYPES, type);
/** A field length the server's text columns and a device's storage both take comfortably (a long description is 100,000). */
const MAX_FIELD_LENGTH = 1_000_000;
const MAX_PICKLIST_VALUES = 1000;

/**
 * The objects read, including those with problems (so that the other files are
 * checked against them without a cascade of follow-up problems), and per object
 * the fields that have a valid name but could not be read (e.g. an unknown type).
 */
interface ObjectsRead {
  readonly objects: ObjectDefinition[];
  readonly unreadableFields: ReadonlyMap<string, ReadonlySet<string>>;
}

function readObjects(root: XmlElement, report: Report): ObjectsRead {
  const path = 'objects';
  checkShape(root, path, { attributes: [], children: ['object'] }, report);
  const entries = children(root, path, 'object', 'name');
  if (entries.length === 0) report(path, 'a package needs at least one <object>');
  const names = entries.map(({ element, path: p }) => ({ name: matchAttr(element, p, 'name', NAME, NAME_RULE, report), path: p }));
  reportDuplicates(names, 'object', report);
  const objectNames = new Set(names.flatMap((n) => (n.name === undefined ? [] : [n.name])));
  const objects: ObjectDefinition[] = [];
  const unreadableFields = new Map<string, ReadonlySet<string>>();
  entries.forEach(({ element, path: p }, i) => {
    const name = names[i]?.name;
    const read = readObject(element, p, name, objectNames, report);
    if (!read) return;
    objects.push(read.object);
    unreadableFields.set(read.object.name, read.unreadableFields);
  });
  return { objects, unreadableFields };
}

function readObject(
  element: XmlElement,
  path: string,
  name: string | undefined,
  objectNames: ReadonlySet<string>,
  report: Report,
): { object: ObjectDefinition; unreadableFields: ReadonlySet<string> } | undefined {
  checkShape(
    element,
    path,
    { attributes: ['name', 'label', 'title', 'canDisable'], required: ['name', 'title'], children: ['field', 'userKey'] },
    report,
  );
  const label = textAttr(element, path, 'label', 100, report);
  const canDisable = boolAttr(element, path, 'canDisable', true, report);

  const fieldEntries = children(element, path, 'field', 'name');
  if (fieldEntries.length === 0) report(path, `<object> needs at least one <field>`);
  const fields = fieldEntries.flatMap(({ element: f, path: fPath }) => readField(f, fPath, objectNames, report) ?? []);
  const fieldNames = fieldEntries.map(({ element: f, path: fPath }) => ({ name: f.attributes.get('name'), path: fPath }));
  reportDuplicates(fieldNames, 'field', report);
  // Title and user keys are checked against every field named, even one with other problems.
  const known = new Set(fieldNames.flatMap((f) => (f.name === undefined ? [] : [f.name])));
  const unreadableFields = new Set([...known].filter((n) => !fields.some((f) => f.name === n)));

  // The title names a record for people (lists, conflicts panel): it must be a field of the object.
  const title = element.attributes.get('title');
  if (title !== undefined && !known.has(title)) report(`${path}/@title`, `the title field "${clip(title)}" is not a field of this object`);

  const userKeys = readUserKeys(element, path, known, report);
  if (name === undefined) return undefined;
  // A missing title is already a problem; the object is still returned for the cross-file checks.
  const object: ObjectDefinition = {
    name,
    titleField: title ?? '',
    fields,
    userKeys,
    ...(label !== undefined ? { label } : {}),
    canDisable,
  };
  return { object, unreadableFields };
}

function readField(element: XmlElement, path: string, objectNames: ReadonlySet<string>, report: Report): FieldDefinition | undefined {
  checkShape(
    element,
    path,
    {
      attributes: ['name', 'type', 'required', 'length', 'references', 'readOnly', 'label', 'bulk', ...CONSTRAINT_ATTRIBUTES],
      required: ['name', 'type'],
      children: ['value'],
    },
    report,
  );
  const name = matchAttr(element, path, 'name', NAME, NAME_RULE, report);
  const typeText = element.attributes.get('type');
  let type: FieldType | undefined;
  if (typeText !== undefined) {
    if (isFieldType(typeText)) type = typeText;
    else report(`${path}/@type`, `unknown field type "${clip(typeText)}"; the types are ${Object.keys(FIELD_TYPES).join(', ')}`);
  }
  const required = boolAttr(element, path, 'required', false, report);
  const readOnly = boolAttr(element, path, 'readOnly', false, report);
  const bulk = boolAttr(element, path, 'bulk', false, report);
  const label = textAttr(element, path, 'label', 100, report);
  const textLike = type === 'text' || type === 'picklist';

  let maxLength: number | undefined;
  if (element.attributes.has('length')) {
    if (type !== undefined && !textLike) report(`${path}/@length`, `"length" is only for text and picklist fields, this one is ${type}`);
    else maxLength = intAttr(element, path, 'length', 1, MAX_FIELD_LENGTH, report);
  }

  let references: string | undefined;
  const target = element.attributes.get('references');
  if (type === 'reference') {
    if (target === undefined) report(`${path}/@references`, 'a reference field needs references="<object name>"');
    else if (!objectNames.has(target))
      report(`${path}/@references`, `references "${clip(target)}", which is not an object of this package`);
    else references = target;
  } else if (target !== undefined && type !== undefined) {
    report(`${path}/@references`, `"references" is only for reference fields, this one is ${type}`);
  }

  const values = readPicklistValues(element, path, type, maxLength, report);
  const constraints = readConstraints(element, path, type, report);
  if (name === undefined || type === undefined) return undefined;
  return {
    name,
    type,
    ...(required ? { required } : {}),
    ...(maxLength !== undefined ? { maxLength } : {}),
    ...(references !== undefined ? { references } : {}),
    ...(values !== undefined ? { values } : {}),
    ...(bulk ? { bulk } : {}),
    ...(readOnly ? { readOnly } : {}),
    ...(label !== undefined ? { label } : {}),
    ...constraints,
  };
}

/** A field's value constraints (docs/customization-package.md, "Constraints"); checkFieldValue applies them. */
const CONSTRAINT_ATTRIBUTES = ['min', 'max', 'pattern', 'kind', 'currency'] as const;
/** Which field type each kind is for. */
const KIND_TYPES: Readonly<Record<FieldKind, FieldType>> = {
  email: 'text',
  phone: 'text',
  url: 'text',
  percent: 'number',
  currency: 'number',
};
const isFieldKind = (kind: string): kind is FieldKind => (FIELD_KINDS as readonly string[]).includes(kind);
/** Bounds as written: an optional sign, digits, an optional fraction; no exponent, no hex, no spaces. */
const BOUND = /^-?\d{1,15}(\.\d{1,9})?$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;

type Constraints = Pick<FieldDefinition, 'min' | 'max' | 'pattern' | 'kind' | 'currency'>;

function readConstraints(element: XmlElement, path: string, type: FieldType | undefined, report: Report): Constraints {
  const out: { -readonly [K in keyof Constraints]: Constraints[K] } = {};
  /** Reports an attribute on a field type it is not for; true when it may be read. */
  const fits = (attr: string, forType: FieldType, what: string) => {
    if (type === undefined || type === forType) return true;
    report(`${path}/@${attr}`, `"${attr}" is only for ${what} fields, this one is ${type}`);
    return false;
  };
  for (const bound of ['min', 'max'] as const) {
    const text = element.attributes.get(bound);
    if (text === undefined || !fits(bound, 'number', 'number')) continue;
    if (BOUND.test(text)) out[bound] = Number(text);
    else report(`${path}/@${bound}`, `"${bound}" must be a number written in digits, like 0, -10 or 99.5, got "${clip(text)}"`);
  }
  if (out.min !== undefined && out.max !== undefined && out.min > out.max)
    report(`${path}/@max`, `"max" (${out.max}) is smaller than "min" (${out.min}): no value could be stored`);

  const pattern = element.attributes.get('pattern');
  if (pattern !== undefined && fits('pattern', 'text', 'text')) {
    const problem = fieldPatternProblem(pattern);
    if (problem === null) out.pattern = pattern;
    else report(`${path}/@pattern`, problem);
  }

  const kindText = element.attributes.get('kind');
  if (kindText !== undefined) {
    if (!isFieldKind(kindText)) report(`${path}/@kind`, `unknown kind "${clip(kindText)}"; the kinds are ${FIELD_KINDS.join(', ')}`);
    else if (type !== undefined && KIND_TYPES[kindText] !== type)
      report(`${path}/@kind`, `the kind "${kindText}" is only for ${KIND_TYPES[kindText]} fields, this one is ${type}`);
    else out.kind = kindText;
  }
  if (out.kind === 'percent' && ((out.min ?? 0) < 0 || (out.max ?? 100) > 100))
    report(path, 'a percent lies from 0 to 100: "min" and "max" may only narrow that range');

  const currency = element.attributes.get('currency');
  if (currency !== undefined) {
    if (kindText !== 'currency') report(`${path}/@currency`, '"currency" is only for fields with kind="currency"');
    else if (!CURRENCY_CODE.test(currency))
      report(`${path}/@currency`, `"currency" must be an ISO 4217 code of three capital letters like EUR, got "${clip(currency)}"`);
    else out.currency = currency;
  } else if (kindText === 'currency') report(path, 'a field with kind="currency" needs currency="<ISO 4217 code>", like currency="EUR"');
  return out;
}

function readPicklistValues(
  element: XmlElement,
  path: string,
  type: FieldType | undefined,
  maxLength: number | undefined,
  report: Report,
): string[] | undefined {
  const entries = children(element, path, 'value');
  if (type !== 'picklist') {
    if (entries.length > 0 && type !== undefined)
      report(`${path}/value`, `<value> elements are only for picklist fields, this one is ${type}`);
    return undefined;
  }
  if (entries.length === 0) report(path, 'a picklist field needs at least one <value>');
  if (entries.length > MAX_PICKLIST_VALUES) {
    report(path, `a picklist may hold at most ${MAX_PICKLIST_VALUES} values`);
    return undefined;
  }
  // Sets, not arrays, for every uniqueness check: a hostile file holds tens of thousands of elements.
  const values = new Set<string>();
  for (const { element: v, path: vPath } of entries) {
    checkShape(v, vPath, { attributes: [], text: true }, report);
    const text = textOf(v);
    if (text === '') report(vPath, 'a picklist <value> must not be empty');
    else if (values.has(text)) report(vPath, `the value "${clip(text)}" is listed twice`);
    else if (maxLength !== undefined && text.length > maxLength)
      report(vPath, `the value "${clip(text)}" is longer than the field's length ${maxLength}`);
    else values.add(text);
  }
  return [...values];
}

/**
 * User keys: alternative sets of fields that identify a record (Siebel "How
 * Siebel CRM Desktop Avoids Duplicate Data"); an insert matching every field of
 * any key is a duplicate.
 */
function readUserKeys(object: XmlElement, objectPath: string, fieldNames: ReadonlySet<string>, report: Report): string[][] {
  const keys: string[][] = [];
  const seen = new Set<string>();
  for (const { element, path } of children(object, objectPath, 'userKey')) {
    checkShape(element, path, { attributes: [], children: ['fieldRef'] }, report);
    const refs = children(element, path, 'fieldRef', 'name');
    if (refs.length === 0) report(path, 'a <userKey> needs at least one <fieldRef>');
    const key = new Set<string>();
    let complete = true;
    for (const { element: ref, path: refPath } of refs) {
      checkShape(ref, refPath, { attributes: ['name'], required: ['name'] }, report);
      const name = ref.attributes.get('name');
      if (name === undefined) complete = false;
      else if (!fieldNames.has(name)) {
        report(`${refPath}/@name`, `"${clip(name)}" is not a field of this object`);
        complete = false;
      } else if (key.has(name)) report(refPath, `the field "${name}" is listed twice in this user key`);
      else key.add(name);
    }
    if (!complete || key.size === 0) continue;
    const signature = [...key].sort().join('\u0000');
    if (seen.has(signature)) report(path, 'the same user key is defined twice');
    else {
      seen.add(signature);
      keys.push([...key]);
    }
  }
  return keys;
}

// ---------------------------------------------------------------- filters.xml

const FILTER_ELEMENTS = ['and', 'or', 'not', 'condition', 'in', 'isNull', 'withinDays', 'mine'] as const;
/** Operators that need text (mirrors evaluateFilter and the gateway's compileFilter). */
const TEXT_ONLY_OPERATORS: readonly ComparisonOperator[] = ['contains', 'startsWith'];
const TEXT_LIKE_TYPES: readonly FieldType[] = ['text', 'picklist', 'reference'];
const MAX_DAY_OFFSET = 36_500;
/** The shared filter schema's limit, checked early so a hostile list is not coerced value by value first. */
const MAX_IN_VALUES = FILTER_LIMITS.maxInValues;

/** The object a filter applies to, with the fields that exist but could not be read (not checked again). */
interface FilterTarget {
  readonly object: ObjectDefinition;
  readonly unreadableFields: ReadonlySet<string>;
}

/**
 * `read` is undefined when objects.xml could not be read at all: then the
 * filters are checked for their own form only.
 */
function readFilters(root: XmlElement, read: ObjectsRead | undefined, report: Report): PackageFilters {
  const path = 'filters';
  checkShape(root, path, { attributes: [], children: ['master', 'preset'] }, report);
  const objects = read?.objects;
  const byName =
    read &&
    new Map(read.objects.map((o) => [o.name, { object: o, unreadableFields: read.unreadableFields.get(o.name) ?? new Set<string>() }]));

  // Master filters: always applied, the rep cannot change them (Siebel "How Filters Reduce the Data").
  const masters: Array<{ objectType: string; filter: FilterExpr }> = [];
  const masterEntries = children(root, path, 'master', 'object');
  for (const { element, path: mPath } of masterEntries) {
    checkShape(element, mPath, { attributes: ['object'], required: ['object'], children: FILTER_ELEMENTS }, report);
    const target = objectAttr(element, mPath, 'object', byName, report);
    const filter = readFilterIn(element, mPath, target, true, report);
    const objectType = element.attributes.get('object');
    if (objectType !== undefined && filter !== undefined) masters.push({ objectType, filter });
  }
  reportDuplicates(
    masterEntries.map(({ element, path: p }) => ({ name: element.attributes.get('object'), path: p })),
    'a master filter for object',
    report,
  );

  const presetEntries = children(root, path, 'preset', 'id');
  if (presetEntries.length === 0) report(path, 'filters.xml needs at least one <preset> (one of them default="true")');
  const presets: FilterPreset[] = [];
  const ids: Array<{ name: string | undefined; path: string }> = [];
  const names: Array<{ name: string | undefined; path: string }> = [];
  const defaults: string[] = [];
  for (const { element, path: pPath } of presetEntries) {
    const preset = readPreset(element, pPath, byName, objects, report);
    ids.push({ name: element.attributes.get('id'), path: pPath });
    names.push({ name: element.attributes.get('name'), path: pPath });
    if (preset?.isDefault ?? element.attributes.get('default') === 'true') defaults.push(pPath);
    if (preset) presets.push(preset);
  }
  reportDuplicates(ids, 'preset id', report);
  reportDuplicates(names, 'preset name', report);
  // Siebel: the admin "specif[ies] the filter that Siebel CRM Desktop applies as
  // the default filter": the first-run assistant pre-selects exactly one.
  if (presetEntries.length > 0 && defaults.length === 0) report(path, 'no preset is marked default="true"; exactly one must be');
  for (const extra of defaults.slice(1)) report(`${extra}/@default`, `only one preset may be the default; ${defaults[0] ?? ''} already is`);
  return { master: masters, presets };
}

function objectAttr(
  element: XmlElement,
  path: string,
  attribute: string,
  byName: ReadonlyMap<string, FilterTarget> | undefined,
  report: Report,
): FilterTarget | undefined {
  const name = element.attributes.get(attribute);
  if (name === undefined || byName === undefined) return undefined;
  const target = byName.get(name);
  if (!target) report(`${path}/@${attribute}`, `"${clip(name)}" is not an object of this package (objects.xml)`);
  return target;
}

function readPreset(
  element: XmlElement,
  path: string,
  byName: ReadonlyMap<string, FilterTarget> | undefined,
  objects: readonly ObjectDefinition[] | undefined,
  report: Report,
): FilterPreset | undefined {
  checkShape(element, path, { attributes: ['id', 'name', 'default'], required: ['id', 'name'], children: ['object'] }, report);
  const id = matchAttr(element, path, 'id', ID, ID_RULE, report);
  const name = textAttr(element, path, 'name', 100, report);
  const isDefault = boolAttr(element, path, 'default', false, report);
  const listed = new Map<string, PresetObjectFilter>();
  const entries = children(element, path, 'object', 'name');
  for (const { element: o, path: oPath } of entries) {
    checkShape(o, oPath, { attributes: ['name', 'enabled'], required: ['name'], children: FILTER_ELEMENTS }, report);
    const target = objectAttr(o, oPath, 'name', byName, report);
    const object = target?.object;
    const enabled = boolAttr(o, oPath, 'enabled', true, report);
    // "Which object types a rep may switch off" is the object's canDisable; a
    // preset is a choice offered to reps, so it may not switch off what they may not.
    if (object && !enabled && object.canDisable === false) {
      report(`${oPath}/@enabled`, `${object.name} cannot be disabled: its <object> in objects.xml has canDisable="false"`);
    }
    const filter = readFilterIn(o, oPath, target, false, report);
    const objectType = o.attributes.get('name');
    if (objectType !== undefined) listed.set(objectType, { objectType, enabled, ...(filter !== undefined ? { filter } : {}) });
  }
  reportDuplicates(
    entries.map(({ element: o, path: p }) => ({ name: o.attributes.get('name'), path: p })),
    'a setting for object',
    report,
  );
  if (id === undefined || name === undefined) return undefined;
  // The parsed preset names every object of the package, in package order: an
  // object the preset does not mention is synchronised, without a preset filter.
  const settings = (objects ?? []).map((o) => listed.get(o.name) ?? { objectType: o.name, enabled: true });
  return { id, name, isDefault, objects: settings };
}

/**
 * Reads the one filter inside a <master> or a preset's <object>. A master filter
 * must have one; a preset object may have none (no filter: all visible records).
 */
function readFilterIn(
  holder: XmlElement,
  path: string,
  target: FilterTarget | undefined,
  required: boolean,
  report: Report,
): FilterExpr | undefined {
  const inner = childElements(holder).filter((c) => (FILTER_ELEMENTS as readonly string[]).includes(c.name));
  if (inner.length === 0) {
    if (required) report(path, `<${holder.name}> needs one filter element (${FILTER_ELEMENTS.map((f) => `<${f}>`).join(', ')})`);
    return undefined;
  }
  if (inner.length > 1) {
    report(path, `<${holder.name}> holds ${inner.length} filter elements; combine them with <and> or <or>`);
    return undefined;
  }
  const element = inner[0] as XmlElement;
  const elementPathText = `${path}/${element.name}`;
  const expr = readFilter(element, elementPathText, target, report);
  if (expr === undefined) return undefined;
  // The shared schema is the one the gateway checks every request filter with
  // (node count, list sizes, day ranges): a package filter must pass it too.
  try {
    const filter = decodeValue(filterExprSchema, expr, 'json', 'filter');
    // The sync sends master, preset and personal filter as one `and`: each layer keeps to its share.
    const tooLarge = filterLimitProblem(measureFilter(filter), FILTER_LAYER_LIMITS, 'FILTER_LAYER_LIMITS');
    if (tooLarge) {
      report(elementPathText, `the filter is not valid: ${tooLarge}`);
      return undefined;
    }
    return filter;
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    const details = error.details?.['problems'];
    const reasons = Array.isArray(details) ? details.map(String) : [error.message];
    report(elementPathText, `the filter is not valid: ${reasons.join('; ')}`);
    return undefined;
  }
}

/** Reads one filter element; undefined when it (or something inside) has a problem, which is then reported. */
function readFilter(element: XmlElement, path: string, target: FilterTarget | undefined, report: Report): FilterExpr | undefined {
  const inner = (): Array<FilterExpr | undefined> => {
    const positions = new Map<string, number>();
    return childElements(element).map((child) => {
      const position = (positions.get(child.name) ?? 0) + 1;
      positions.set(child.name, position);
      return (FILTER_ELEMENTS as readonly string[]).includes(child.name)
        ? readFilter(child, `${path}/${child.name}[${position}]`, target, report)
        : undefined;
    });
  };
  switch (element.name) {
    case 'and':
    case 'or': {
      checkShape(element, path, { attributes: [], children: FILTER_ELEMENTS }, report);
      const parts = inner();
      if (parts.length === 0) report(path, `<${element.name}> needs at least one filter inside`);
      if (parts.length === 0 || parts.some((p) => p === undefined)) return undefined;
      const all = parts as FilterExpr[];
      return element.name === 'and' ? { and: all } : { or: all };
    }
    case 'not': {
      checkShape(element, path, { attributes: [], children: FILTER_ELEMENTS }, report);
      const parts = inner();
      if (parts.length !== 1) {
        report(path, `<not> holds exactly one filter, found ${parts.length}`);
        return undefined;
      }
      const part = parts[0];
      return part === undefined ? undefined : { not: part };
    }
    case 'condition': {
      checkShape(element, path, { attributes: ['field', 'op', 'value'], required: ['field', 'op', 'value'] }, report);
      const field = filterField(element, path, target, report);
      const opText = element.attributes.get('op');
      const op = COMPARISON_OPERATORS.find((o) => o === opText);
      if (opText !== undefined && op === undefined) {
        report(`${path}/@op`, `unknown operator "${clip(opText)}"; the operators are ${COMPARISON_OPERATORS.join(', ')}`);
      }
      if (op !== undefined && field && field !== UNCHECKED && TEXT_ONLY_OPERATORS.includes(op) && !TEXT_LIKE_TYPES.includes(field.type)) {
        report(`${path}/@op`, `${op} needs a text field, ${field.name} is ${field.type}`);
        return undefined;
      }
      const raw = element.attributes.get('value');
      const strictPicklist = op === 'eq' || op === 'ne';
      const value = raw === undefined ? undefined : filterValue(field, raw, `${path}/@value`, strictPicklist, report);
      if (field === undefined || op === undefined || value === undefined) return undefined;
      return { field: fieldNameOf(element), op, value };
    }
    case 'in': {
      checkShape(element, path, { attributes: ['field'], required: ['field'], children: ['value'] }, report);
      const field = filterField(element, path, target, report);
      const entries = children(element, path, 'value');
      if (entries.length === 0) report(path, '<in> needs at least one <value>');
      if (entries.length > MAX_IN_VALUES) {
        report(path, `<in> may hold at most ${MAX_IN_VALUES} values, found ${entries.length}`);
        return undefined;
      }
      const values = entries.map(({ element: v, path: vPath }) => {
        checkShape(v, vPath, { attributes: [], text: true }, report);
        return filterValue(field, textOf(v), vPath, true, report);
      });
      if (field === undefined || entries.length === 0 || values.some((v) => v === undefined)) return undefined;
      return { field: fieldNameOf(element), in: values as Array<string | number | boolean> };
    }
    case 'isNull': {
      checkShape(element, path, { attributes: ['field', 'value'], required: ['field'] }, report);
      const field = filterField(element, path, target, report);
      const isNull = boolAttr(element, path, 'value', true, report);
      if (field === undefined) return undefined;
      return { field: fieldNameOf(element), isNull };
    }
    case 'withinDays': {
      checkShape(element, path, { attributes: ['field', 'from', 'to'], required: ['field', 'from', 'to'] }, report);
      const field = filterField(element, path, target, report);
      if (field && field !== UNCHECKED && field.type !== 'date' && field.type !== 'datetime') {
        report(`${path}/@field`, `withinDays needs a date or datetime field, ${field.name} is ${field.type}`);
        return undefined;
      }
      const from = intAttr(element, path, 'from', -MAX_DAY_OFFSET, MAX_DAY_OFFSET, report);
      const to = intAttr(element, path, 'to', -MAX_DAY_OFFSET, MAX_DAY_OFFSET, report);
      if (from !== undefined && to !== undefined && from > to) report(path, `"from" (${from}) must not be after "to" (${to})`);
      if (field === undefined || from === undefined || to === undefined || from > to) return undefined;
      return { field: fieldNameOf(element), withinDays: { from, to } };
    }
    case 'mine':
      checkShape(element, path, { attributes: [] }, report);
      return { mine: true };
    default:
      // Reported as an unknown element by the holder's checkShape.
      return undefined;
  }
}

/** The field is not checked: objects.xml is unreadable, or the object or field has problems of its own (reported there). */
const UNCHECKED = 'unchecked' as const;

function filterField(
  element: XmlElement,
  path: string,
  target: FilterTarget | undefined,
  report: Report,
): FieldDefinition | typeof UNCHECKED | undefined {
  const name = element.attributes.get('field');
  if (name === undefined) return undefined;
  if (!NAME.test(name)) {
    report(`${path}/@field`, `"${clip(name)}" is not ${NAME_RULE}`);
    return undefined;
  }
  if (!target || target.unreadableFields.has(name)) return UNCHECKED;
  const { object } = target;
  const field = object.fields.find((f) => f.name === name);
  if (!field) report(`${path}/@field`, `"${name}" is not a field of ${object.name}`);
  return field;
}

function fieldNameOf(element: XmlElement): string {
  return element.attributes.get('field') ?? '';
}

/**
 * A value in a filter is text in the XML and takes the type of its field
 * (a number for a number field, true/false for a boolean, an ISO date…), with
 * the same coercion the evaluator and the gateway use. Picklist values are held
 * to the picklist for equality and membership: a misspelt stage would silently
 * select nothing.
 */
function filterValue(
  field: FieldDefinition | typeof UNCHECKED | undefined,
  raw: string,
  path: string,
  strictPicklist: boolean,
  report: Report,
): string | number | boolean | undefined {
  if (raw === '') {
    report(path, 'an empty value: use <isNull> for records without a value');
    return undefined;
  }
  if (field === undefined || field === UNCHECKED) return raw;
  const loose: FieldDefinition = {
    ...field,
    type: field.type === 'picklist' ? 'text' : field.type,
    maxLength: undefined,
    values: undefined,
  };
  const coerced = coerceFieldValue(loose, raw);
  if (!coerced.ok || coerced.value === null) {
    report(path, coerced.ok ? 'an empty value: use <isNull> for records without a value' : coerced.reason);
    return undefined;
  }
  if (strictPicklist && field.type === 'picklist' && field.values && !field.values.includes(raw)) {
    report(path, `"${clip(raw)}" is not a value of the picklist ${field.name} (${field.values.join(', ')})`);
    return undefined;
  }
  return coerced.value;
}

// ---------------------------------------------------------------- sync.xml

/** Automatic sync at most daily is still "automatic"; beyond that a rep syncs by hand. */
const MAX_INTERVAL_MINUTES = 1440;
const MAX_INTERVAL_CHOICES = 20;

function readSync(root: XmlElement, report: Report): SyncSettings | undefined {
  const path = 'sync';
  checkShape(
    root,
    path,
    {
      attributes: ['pageSize', 'maxIdsPerQuery', 'maxCommandsPerBatch', 'keyExchange'],
      required: ['pageSize', 'maxIdsPerQuery', 'maxCommandsPerBatch'],
      children: ['interval'],
    },
    report,
  );
  // Page size, ids per query and changes per batch may not exceed what the gateway accepts per call (protocol LIMITS).
  const pageSize = intAttr(root, path, 'pageSize', 1, LIMITS.maxPageSize, report);
  const maxIdsPerQuery = intAttr(root, path, 'maxIdsPerQuery', 1, LIMITS.maxRowIdsPerQuery, report);
  const maxCommandsPerBatch = intAttr(root, path, 'maxCommandsPerBatch', 1, LIMITS.maxChangesPerBatch, report);
  const keyExchange = keyExchangeAttr(root, path, report);

  const entries = children(root, path, 'interval', 'minutes');
  if (entries.length === 0) report(path, '<sync> needs at least one <interval> (minutes="0" is manual sync only)');
  if (entries.length > MAX_INTERVAL_CHOICES) report(path, `at most ${MAX_INTERVAL_CHOICES} <interval> choices are allowed`);
  const choices = new Set<number>();
  const defaults: Array<{ minutes: number | undefined; path: string }> = [];
  let complete = true;
  for (const { element, path: iPath } of entries) {
    checkShape(element, iPath, { attributes: ['minutes', 'default'], required: ['minutes'] }, report);
    const minutes = intAttr(element, iPath, 'minutes', 0, MAX_INTERVAL_MINUTES, report);
    if (boolAttr(element, iPath, 'default', false, report)) defaults.push({ minutes, path: iPath });
    if (minutes === undefined) complete = false;
    else if (choices.has(minutes)) report(iPath, `the interval ${minutes} minutes is listed twice`);
    else choices.add(minutes);
  }
  if (entries.length > 0 && defaults.length === 0) report(path, 'no <interval> is marked default="true"; exactly one must be');
  for (const extra of defaults.slice(1)) report(`${extra.path}/@default`, 'only one <interval> may be the default');
  const defaultInterval = defaults[0]?.minutes;
  if (
    pageSize === undefined ||
    maxIdsPerQuery === undefined ||
    maxCommandsPerBatch === undefined ||
    !complete ||
    defaultInterval === undefined
  )
    return undefined;
  return { pageSize, maxIdsPerQuery, maxCommandsPerBatch, keyExchange, intervalChoices: [...choices], defaultInterval };
}

/** `keyExchange`: "reconcile" (ranges of fingerprints, the default) or "siebel" (every change key, every sync). */
function keyExchangeAttr(element: XmlElement, path: string, report: Report): KeyExchange {
  const value = element.attributes.get('keyExchange');
  if (value === undefined) return 'reconcile';
  if ((KEY_EXCHANGES as readonly string[]).includes(value)) return value as KeyExchange;
  report(`${path}/@keyExchange`, `"keyExchange" must be ${KEY_EXCHANGES.map((k) => `"${k}"`).join(' or ')}, got "${clip(value)}"`);
  return 'reconcile';
}
