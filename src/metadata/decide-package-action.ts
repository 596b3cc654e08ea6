import type { PackageInfo } from './customization-package.js';
import { compareVersions, parseVersion, parseVersionRanges, versionInRanges, type VersionRangeItem } from './package-version.js';

/** What the client remembers about the package it has applied (cached between syncs, Siebel incremental step 3). */
export interface PackageSummary {
  readonly packageId: string;
  readonly version: string;
  /** Hash over all files: equal hashes mean there is nothing to download. */
  readonly hash: string;
  /** Hash over objects and fields: equal structure hashes mean the local data structure still fits. */
  readonly structureHash: string;
}

/** The package the gateway offers, with the `<compatibility>` rules of its info.xml. */
export interface OfferedPackage extends PackageSummary {
  readonly compatibility: PackageInfo['compatibility'];
}

/**
 * What the sync engine does about the offered package. `preferredProduct` is set on the
 * non-error decisions exactly when this product version is compatible but is not the
 * admin's preferred one ("How Siebel CRM Desktop Determines Product and Version
 * Compatibility": a preferred version is returned then, and when the product is not compatible).
 */
export type PackageDecision =
  | { readonly action: 'unchanged' }
  | {
      readonly action: 'incompatibleProduct';
      readonly productVersion: string;
      readonly preferredProduct: string;
      readonly supportedProducts: string;
      readonly message: string;
    }
  /** Nothing applied yet (first run, or after a reinstall): apply, then run an initial sync. */
  | { readonly action: 'install'; readonly preferredProduct?: string }
  | { readonly action: 'applyQuietly'; readonly preferredProduct?: string; readonly message: string }
  | { readonly action: 'uploadThenReinstall'; readonly preferredProduct?: string; readonly message: string }
  | { readonly action: 'reinstallWithArchive'; readonly preferredProduct?: string; readonly message: string };

export interface DecidePackageInput {
  /** This client's product version, e.g. FIELDBOOK_PRODUCT_VERSION. */
  readonly productVersion: string;
  /** The package currently applied, or null when none is (first run, after a reinstall). */
  readonly applied: PackageSummary | null;
  /** The package the gateway offers, or null when it answered containsFiles=false. */
  readonly offered: OfferedPackage | null;
}

// The reinstall prompt of "The Customization Package Changed", split so that each
// reinstall decision can say what happens to the changes the rep has not sent yet.
const NEW_CONFIGURATION = 'A new configuration is available. Are you ready to download and apply it?';
const YES_REINSTALLS = 'Selecting Yes will remove your current data, re-install the data structure, and download the data again.';
// Siebel step 8, "Do not reinstall": the same question comes back at the next sync.
const NO_ASKS_AGAIN = 'Selecting No keeps your current setup for now; you will be asked again at the next sync.';

const APPLIED_QUIETLY =
  'Your company has updated the Fieldbook configuration, and it has been applied. ' +
  'Your records and any changes you have not sent yet are not affected.';

const UPLOAD_THEN_REINSTALL = [
  NEW_CONFIGURATION,
  'Changes you have not sent yet will be uploaded first.',
  YES_REINSTALLS,
  NO_ASKS_AGAIN,
].join(' ');

const REINSTALL_WITH_ARCHIVE = [
  NEW_CONFIGURATION,
  YES_REINSTALLS,
  'Changes you have not sent yet cannot be uploaded with the new configuration; ' +
    'they will be kept in an archive that you can view and export, so nothing is lost.',
  NO_ASKS_AGAIN,
].join(' ');

/** "3.05.15.00 to 3.05.30.99 or 3.06.00.00": the range list as a rep would read it aloud. */
function describeRanges(items: readonly VersionRangeItem[]): string {
  return items.map((i) => (compareVersions(i.from, i.to) === 0 ? i.from : `${i.from} to ${i.to}`)).join(' or ');
}

function incompatibleProductMessage(productVersion: string, preferred: string, items: readonly VersionRangeItem[]): string {
  return (
    `Your company's new Fieldbook configuration needs Fieldbook version ${preferred}, ` +
    `but this is version ${productVersion} (the configuration works with versions ${describeRanges(items)}). ` +
    `The configuration was not applied and nothing was changed. ` +
    `Please ask your administrator to update Fieldbook to version ${preferred}.`
  );
}

function requireVersion(what: string, text: string): void {
  if (!parseVersion(text)) throw new RangeError(`${what} "${text}" is not a version like 3.05.15.00`);
}

function requireRanges(what: string, text: string): readonly VersionRangeItem[] {
  const parsed = parseVersionRanges(text);
  if (!parsed.ok) throw new RangeError(`${what}: ${parsed.reason}`);
  return parsed.items;
}

/**
 * Siebel incremental sync, steps 5–10, plus "Situations Where Siebel CRM Desktop
 * Reinstalls the Data Structure", "The Customization Package Changed…" and "How Siebel
 * CRM Desktop Determines Compatibility". Pure: the engine downloads, uploads, archives
 * and asks the rep; this only says which of those to do.
 *
 * Throws RangeError on a malformed version or range: the package parser refuses those,
 * so reaching here with one is a programming error, not a package problem. Every
 * version and range is checked once anything is to be decided, so a bad one cannot
 * hide behind a branch that happens not to read it.
 */
export function decidePackageAction(input: DecidePackageInput): PackageDecision {
  const { productVersion, applied, offered } = input;

  // Steps 4–5 and 9–10: containsFiles=false, or the same files as the applied package,
  // means nothing to download. Equal hashes mean equal files, whatever the package id
  // (the hash covers info.xml, so in practice the ids agree too).
  if (offered === null) return { action: 'unchanged' };
  if (applied !== null && applied.hash === offered.hash) return { action: 'unchanged' };

  const { preferredProduct, products, schemas } = offered.compatibility;
  requireVersion('Product version', productVersion);
  requireVersion('Offered package version', offered.version);
  requireVersion('Preferred product version', preferredProduct);
  if (applied !== null) requireVersion('Applied package version', applied.version);
  const productItems = requireRanges('Supported products', products);
  requireRanges('Compatible schemas', schemas);

  // Step 7 and "How Siebel CRM Desktop Handles Incompatible Customization Packages":
  // do not apply, report the preferred version. Checked before the schemas (step 6),
  // unlike the reference: a package this client cannot apply must not trigger an upload,
  // a reinstall or an archive — the rep keeps working exactly as before.
  if (!versionInRanges(productVersion, products)) {
    return {
      action: 'incompatibleProduct',
      productVersion,
      preferredProduct,
      supportedProducts: products,
      message: incompatibleProductMessage(productVersion, preferredProduct, productItems),
    };
  }

  // Compatible: the preferred version is still reported when it is not this one.
  // Compared as versions, so 3.5.30.0 and 3.05.30.00 are the same product.
  const preferred = compareVersions(productVersion, preferredProduct) === 0 ? {} : { preferredProduct };

  // Initial synchronization: nothing is applied, so there is no local structure to
  // compare with and no local change to save.
  if (applied === null) return { action: 'install', ...preferred };

  // Step 8 and "The Customization Package Changed But the Data Structure Has Not Changed"
  // (e.g. a security rule or a preset): apply and tell the rep, no initial sync. The
  // schemas are not consulted: the local records still fit the same objects and fields,
  // so the unsent changes upload at the next data step as usual.
  if (applied.structureHash === offered.structureHash) {
    return { action: 'applyQuietly', ...preferred, message: APPLIED_QUIETLY };
  }

  // Structure changed ("The Customization Package Changed": an object added or removed,
  // a field added or changed), so the data structure is reinstalled after the rep agrees.
  // Step 6 and "How Siebel CRM Desktop Determines Schema Compatibility": `<schemas>`
  // lists the package versions whose local data the server still accepts.
  if (versionInRanges(applied.version, schemas)) {
    return { action: 'uploadThenReinstall', ...preferred, message: UPLOAD_THEN_REINSTALL };
  }

  // Not compatible (e.g. a new required field the old package never filled): the
  // reference loses the rep's changes here; we keep them in an archive instead.
  return { action: 'reinstallWithArchive', ...preferred, message: REINSTALL_WITH_ARCHIVE };
}
