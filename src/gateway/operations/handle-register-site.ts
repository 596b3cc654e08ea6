import { registerSite } from '../sites/register-site.js';
import type { Handler } from './handler.js';

/** Registers this device once (see registerSite); a retried operation id answers the same site. */
export const handleRegisterSite: Handler<'RegisterSite'> = async (ctx, { request, caller, db }) =>
  registerSite(db, { userId: caller.userId, deviceName: request.deviceName, now: ctx.clock.now() });
