import { requireObject } from '../records/require-object.js';
import { updateRecord } from '../records/update-record.js';
import type { Handler } from './handler.js';

/** Siebel "IBM Notes update" (records/update-record.ts); ApplyChanges runs the same update per change. */
export const handleUpdateRecord: Handler<'UpdateRecord'> = (ctx, { request, caller, db }) =>
  updateRecord(db, caller, requireObject(ctx.catalog, request.objectType), request, request.fields, ctx.clock.now());
