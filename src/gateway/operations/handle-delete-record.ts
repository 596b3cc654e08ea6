import { deleteRecord } from '../records/delete-record.js';
import { requireObject } from '../records/require-object.js';
import type { Handler } from './handler.js';

/** Siebel "IBM Notes delete" (records/delete-record.ts); ApplyChanges runs the same delete per change. */
export const handleDeleteRecord: Handler<'DeleteRecord'> = (ctx, { request, caller, db }) =>
  deleteRecord(db, caller, requireObject(ctx.catalog, request.objectType), request);
