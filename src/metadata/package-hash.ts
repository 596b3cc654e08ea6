import type { PackageFile } from './customization-package.js';
import type { ObjectDefinition } from './object-definition.js';
import { readPackageXml, type XmlElement } from './package-xml.js';
import { sha256Hex } from '../protocol/index.js';

/**
 * The package hash: the `hashValue` of DownloadMetadataFiles ("identical →
 * go on", Siebel incremental sync step "Determines if the customization package
 * changed"). It is taken over a canonical form of each file so that re-indenting
 * a file, reordering attributes or editing a comment does not make every device
 * download and re-apply the package: element order is kept (it is meaningful,
 * e.g. the order of fields and presets), attributes are sorted by name, text is
 * trimmed, whitespace-only text and comments are dropped. Files are taken in name
 * order, and a file's name is part of the hash. A file that is not readable XML
 * is hashed as written (such a package is refused anyway; the hash then still
 * tells two broken uploads apart).
 */
export function packageHash(files: readonly PackageFile[]): string {
  const canonical = [...files]
    .sort((a, b) => compareText(a.name, b.name))
    .map((file) => {
      const read = readPackageXml(file.content);
      return [file.name, read.ok ? canonicalXml(read.root) : file.content];
    });
  return sha256Hex(JSON.stringify(canonical));
}

/**
 * The structure hash: it changes exactly when the local data structure must be
 * reinstalled. The Siebel reference ("The Customization Package Changed") names
 * what forces a reinstall: an object added to or removed from the mapping, a field
 * added to an object, or an existing field modified. So the hash covers object
 * names, and per field its name, type, required flag, length and reference target,
 * plus the user keys (they decide which local inserts are duplicates). Everything
 * sorted, so declaration order alone is not a change.
 *
 * Left out on purpose, because the reference's counter-example ("a modification
 * to a security rule … the package changed but the data structure has not") says
 * presentation and rules are applied quietly: labels, titles, read-only flags,
 * picklist values, bulk flags, whether an object may be disabled, the value
 * constraints (min, max, pattern, kind, currency: a stored value that breaks a new
 * one stays stored, and is refused only when it is written again), and everything
 * in filters.xml and sync.xml. None of them changes what a stored record looks
 * like, so the local data stays valid and no initial sync is needed.
 */
export function structureHash(objects: readonly ObjectDefinition[]): string {
  const structure = [...objects]
    .sort((a, b) => compareText(a.name, b.name))
    .map((object) => ({
      name: object.name,
      fields: [...object.fields]
        .sort((a, b) => compareText(a.name, b.name))
        .map((field) => [field.name, field.type, field.required === true, field.maxLength ?? null, field.references ?? null]),
      userKeys: object.userKeys.map((key) => [...key].sort(compareText)).sort((a, b) => compareText(a.join('\u0000'), b.join('\u0000'))),
    }));
  return sha256Hex(JSON.stringify(structure));
}

function canonicalXml(element: XmlElement): string {
  const attributes = [...element.attributes.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
    .join('');
  const content = element.content.map((node) => (typeof node === 'string' ? escapeXml(node) : canonicalXml(node))).join('');
  return `<${element.name}${attributes}>${content}</${element.name}>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain code-unit order: the same on every device, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
