import { publishPackage } from '../packages/publish-package.js';
import type { Handler } from './handler.js';

export const handlePublishPackage: Handler<'PublishPackage'> = async (ctx, { request, caller, db }) =>
  publishPackage(db, ctx.catalog, {
    responsibilityId: request.responsibilityId,
    files: request.files,
    publishedBy: caller.userName,
    now: ctx.clock.now(),
  });
