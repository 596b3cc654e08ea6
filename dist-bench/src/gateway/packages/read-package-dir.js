"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.loadPackageDir = loadPackageDir;
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
/**
 * Reads a package folder (e.g. `packages/demo-v1`) into the files that
 * PublishPackage carries, sorted by name. A package is only its .xml files: a
 * stray editor backup, a README or a subfolder is refused here, with its name,
 * rather than silently left behind or published (parsePackage then checks that
 * exactly the expected files are present). Contents are read as UTF-8 and kept
 * byte for byte; the package hash is canonical, so layout does not matter.
 */
function loadPackageDir(dir) {
    let entries;
    try {
        entries = (0, node_fs_1.readdirSync)(dir, { withFileTypes: true });
    }
    catch (error) {
        throw new Error(`cannot read the package folder ${dir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const files = [];
    for (const entry of entries) {
        if (entry.isDirectory())
            throw new Error(`${(0, node_path_1.join)(dir, entry.name)}: a package folder holds only .xml files, not subfolders`);
        if (!entry.isFile() || !entry.name.endsWith('.xml')) {
            throw new Error(`${(0, node_path_1.join)(dir, entry.name)}: a package folder holds only .xml files (info.xml, objects.xml, filters.xml, sync.xml)`);
        }
        files.push({ name: entry.name, content: (0, node_fs_1.readFileSync)((0, node_path_1.join)(dir, entry.name), 'utf8') });
    }
    return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
//# sourceMappingURL=read-package-dir.js.map