"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEMO_PACKAGE_DIR = exports.DEFAULT_DEMO_SEED = exports.DEFAULT_DEMO_RECORDS = void 0;
exports.startGateway = startGateway;
const node_path_1 = require("node:path");
const demo_catalog_js_1 = require("./catalog/demo-catalog.js");
const clock_js_1 = require("./clock.js");
const open_database_js_1 = require("./db/open-database.js");
const seed_database_js_1 = require("./demo/seed-database.js");
const read_package_dir_js_1 = require("./packages/read-package-dir.js");
const gateway_context_js_1 = require("./gateway-context.js");
const build_server_js_1 = require("./server/build-server.js");
exports.DEFAULT_DEMO_RECORDS = 2_000;
exports.DEFAULT_DEMO_SEED = 20_261_121;
/** The shipped demo package (packages/demo-v1), two levels above both src/gateway and dist/gateway. */
exports.DEMO_PACKAGE_DIR = (0, node_path_1.resolve)(__dirname, '..', '..', 'packages', 'demo-v1');
/**
 * Opens the embedded database (migrating it), seeds the demo data on first start
 * only, and starts the HTTP server. A restart on the same folder keeps everything.
 */
async function startGateway(options) {
    const clock = options.clock ?? clock_js_1.systemClock;
    const database = await (0, open_database_js_1.openSqliteDatabase)(options.dataDir === ':memory:' ? ':memory:' : (0, node_path_1.join)(options.dataDir, 'fieldbook.sqlite'));
    const context = {
        database,
        clock,
        catalog: options.catalog ?? demo_catalog_js_1.DEMO_CATALOG,
        config: { ...gateway_context_js_1.DEFAULT_CONFIG, ...options.config },
    };
    let seededNow = false;
    try {
        if (!(await (0, seed_database_js_1.isSeeded)(database.db))) {
            const now = clock.now();
            await (0, seed_database_js_1.seedDatabase)(database.db, context.catalog, {
                seed: options.demoSeed ?? exports.DEFAULT_DEMO_SEED,
                records: options.demoRecords ?? exports.DEFAULT_DEMO_RECORDS,
                today: new Date(now).toISOString().slice(0, 10),
                now,
                packageFiles: (0, read_package_dir_js_1.loadPackageDir)(options.demoPackageDir ?? exports.DEMO_PACKAGE_DIR),
            });
            seededNow = true;
        }
        const app = await (0, build_server_js_1.buildServer)(context, { ...(options.paneDir ? { paneDir: options.paneDir } : {}), ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}) });
        await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' });
        const address = app.server.address();
        const port = typeof address === 'object' && address ? address.port : options.port;
        const shownHost = options.host === undefined || options.host === '127.0.0.1' || options.host === '0.0.0.0' ? 'localhost' : options.host;
        return {
            url: `http://${shownHost}:${port}`,
            port,
            context,
            seededNow,
            async close() {
                await app.close();
                await database.close();
            },
        };
    }
    catch (error) {
        await database.close();
        throw error;
    }
}
//# sourceMappingURL=start-gateway.js.map