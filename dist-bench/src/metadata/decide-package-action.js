"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.decidePackageAction = decidePackageAction;
const package_version_js_1 = require("./package-version.js");
// The reinstall prompt of "The Customization Package Changed", split so that each
// reinstall decision can say what happens to the changes the rep has not sent yet.
const NEW_CONFIGURATION = 'A new configuration is available. Are you ready to download and apply it?';
const YES_REINSTALLS = 'Selecting Yes will remove your current data, re-install the data structure, and download the data again.';
// Siebel step 8, "Do not reinstall": the same question comes back at the next sync.
const NO_ASKS_AGAIN = 'Selecting No keeps your current setup for now; you will be asked again at the next sync.';
const APPLIED_QUIETLY = 'Your company has updated the Fieldbook configuration, and it has been applied. ' +
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
function describeRanges(items) {
    return items.map((i) => ((0, package_version_js_1.compareVersions)(i.from, i.to) === 0 ? i.from : `${i.from} to ${i.to}`)).join(' or ');
}
function incompatibleProductMessage(productVersion, preferred, items) {
    return (`Your company's new Fieldbook configuration needs Fieldbook version ${preferred}, ` +
        `but this is version ${productVersion} (the configuration works with versions ${describeRanges(items)}). ` +
        `The configuration was not applied and nothing was changed. ` +
        `Please ask your administrator to update Fieldbook to version ${preferred}.`);
}
function requireVersion(what, text) {
    if (!(0, package_version_js_1.parseVersion)(text))
        throw new RangeError(`${what} "${text}" is not a version like 3.05.15.00`);
}
function requireRanges(what, text) {
    const parsed = (0, package_version_js_1.parseVersionRanges)(text);
    if (!parsed.ok)
        throw new RangeError(`${what}: ${parsed.reason}`);
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
function decidePackageAction(input) {
    const { productVersion, applied, offered } = input;
    // Steps 4–5 and 9–10: containsFiles=false, or the same files as the applied package,
    // means nothing to download. Equal hashes mean equal files, whatever the package id
    // (the hash covers info.xml, so in practice the ids agree too).
    if (offered === null)
        return { action: 'unchanged' };
    if (applied !== null && applied.hash === offered.hash)
        return { action: 'unchanged' };
    const { preferredProduct, products, schemas } = offered.compatibility;
    requireVersion('Product version', productVersion);
    requireVersion('Offered package version', offered.version);
    requireVersion('Preferred product version', preferredProduct);
    if (applied !== null)
        requireVersion('Applied package version', applied.version);
    const productItems = requireRanges('Supported products', products);
    requireRanges('Compatible schemas', schemas);
    // Step 7 and "How Siebel CRM Desktop Handles Incompatible Customization Packages":
    // do not apply, report the preferred version. Checked before the schemas (step 6),
    // unlike the reference: a package this client cannot apply must not trigger an upload,
    // a reinstall or an archive — the rep keeps working exactly as before.
    if (!(0, package_version_js_1.versionInRanges)(productVersion, products)) {
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
    const preferred = (0, package_version_js_1.compareVersions)(productVersion, preferredProduct) === 0 ? {} : { preferredProduct };
    // Initial synchronization: nothing is applied, so there is no local structure to
    // compare with and no local change to save.
    if (applied === null)
        return { action: 'install', ...preferred };
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
    if ((0, package_version_js_1.versionInRanges)(applied.version, schemas)) {
        return { action: 'uploadThenReinstall', ...preferred, message: UPLOAD_THEN_REINSTALL };
    }
    // Not compatible (e.g. a new required field the old package never filled): the
    // reference loses the rep's changes here; we keep them in an archive instead.
    return { action: 'reinstallWithArchive', ...preferred, message: REINSTALL_WITH_ARCHIVE };
}
//# sourceMappingURL=decide-package-action.js.map