import { insertRecord } from '../records/insert-record.js';
import { requireObject } from '../records/require-object.js';
import type { Handler } from './handler.js';

/** Siebel "IBM Notes insert" (records/insert-record.ts); ApplyChanges runs the same insert per change. */
export const handleInsertRecord: Handler<'InsertRecord'> = (ctx, { request, caller, db }) =>
  insertRecord(db, caller, requireObject(ctx.catalog, request.objectType), request.fields, ctx.clock.now());
