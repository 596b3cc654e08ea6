"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleEstimateCount = void 0;
const compile_filter_js_1 = require("../records/compile-filter.js");
const require_object_js_1 = require("../records/require-object.js");
const visible_to_js_1 = require("../records/visible-to.js");
const today_of_js_1 = require("./today-of.js");
/** How many records visibility and the filter select: the first-run assistant's estimate and the sync's progress total. */
const handleEstimateCount = async (ctx, { request, caller, db }) => {
    const object = (0, require_object_js_1.requireObject)(ctx.catalog, request.objectType);
    let query = db
        .selectFrom('records')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('records.object_type', '=', object.name)
        .where((0, visible_to_js_1.visibleTo)(caller));
    if (request.filter) {
        query = query.where((0, compile_filter_js_1.compileFilter)(request.filter, { object, dialect: ctx.database.dialect, caller, today: (0, today_of_js_1.todayOf)(ctx.clock) }));
    }
    const row = await query.executeTakeFirstOrThrow();
    return { count: Number(row.n) };
};
exports.handleEstimateCount = handleEstimateCount;
//# sourceMappingURL=handle-estimate-count.js.map