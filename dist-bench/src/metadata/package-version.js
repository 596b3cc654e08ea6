"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) {
    return (mod && mod.__esModule) ? mod : { "default": mod };
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.parseVersion = parseVersion;
exports.compareVersions = compareVersions;
exports.parseVersionRanges = parseVersionRanges;
exports.versionInRanges = versionInRanges;
const semver_1 = __importDefault(require("semver"));
const VERSION = /^(\d{1,4})\.(\d{1,4})\.(\d{1,4})\.(\d{1,4})$/;
function parseVersion(text) {
    const m = VERSION.exec(text.trim());
    if (!m)
        return null;
    return [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}
/**
 * semver rejects four parts and leading zeros (its satisfies() then silently
 * answers false), so each version is mapped onto three numbers first; the last
 * two parts share one, which keeps the order because each part is below 10,000.
 */
function toSemver(parts) {
    return `${parts[0]}.${parts[1]}.${parts[2] * 10_000 + parts[3]}`;
}
function requireVersion(text) {
    const parts = parseVersion(text);
    if (!parts)
        throw new RangeError(`"${text}" is not a version like 3.05.15.00`);
    return parts;
}
/** Negative, zero or positive as `a` is before, equal to or after `b`. */
function compareVersions(a, b) {
    return semver_1.default.compare(toSemver(requireVersion(a)), toSemver(requireVersion(b)));
}
function parseVersionRanges(text) {
    const items = [];
    const parts = text.split(';').map((p) => p.trim());
    if (text.trim() === '')
        return { ok: false, reason: 'the version list is empty' };
    for (const part of parts) {
        if (part === '')
            return { ok: false, reason: `"${text}" has an empty item between semicolons` };
        const bounds = part.split('-').map((b) => b.trim());
        if (bounds.length > 2)
            return { ok: false, reason: `"${part}" has more than one dash` };
        const from = bounds[0];
        const to = bounds[1] ?? from;
        for (const bound of [from, to]) {
            if (!parseVersion(bound))
                return { ok: false, reason: `"${bound}" is not a version like 3.05.15.00` };
        }
        if (compareVersions(from, to) > 0)
            return { ok: false, reason: `"${part}" starts after it ends` };
        items.push({ from, to });
    }
    const semverRange = items.map((i) => `>=${toSemver(requireVersion(i.from))} <=${toSemver(requireVersion(i.to))}`).join(' || ');
    return { ok: true, items, semverRange };
}
/** Whether `version` lies in any item of the range list. Throws RangeError on malformed input. */
function versionInRanges(version, rangesText) {
    const ranges = parseVersionRanges(rangesText);
    if (!ranges.ok)
        throw new RangeError(ranges.reason);
    return semver_1.default.satisfies(toSemver(requireVersion(version)), ranges.semverRange);
}
//# sourceMappingURL=package-version.js.map