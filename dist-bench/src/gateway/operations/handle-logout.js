"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handleLogout = void 0;
const handleLogout = async (ctx, { caller, db }) => {
    await db.updateTable('sessions').set({ ended_at: ctx.clock.now() }).where('token_hash', '=', caller.tokenHash).execute();
    return {};
};
exports.handleLogout = handleLogout;
//# sourceMappingURL=handle-logout.js.map