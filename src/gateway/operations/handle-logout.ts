import type { Handler } from './handler.js';

export const handleLogout: Handler<'Logout'> = async (ctx, { caller, db }) => {
  await db.updateTable('sessions').set({ ended_at: ctx.clock.now() }).where('token_hash', '=', caller.tokenHash).execute();
  return {};
};
