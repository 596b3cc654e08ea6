import { publishedFieldRules } from '../packages/published-field-rules.js';
import { insertRecord } from '../records/insert-record.js';
import { requireObject } from '../records/require-object.js';
import type { Handler } from './handler.js';

/** Siebel "IBM Notes insert" (records/insert-record.ts); ApplyChanges runs the same insert per change. */
export const handleInsertRecord: Handler<'InsertRecord'> = async (ctx, { request, caller, db }) =>
  insertRecord(
    db,
    caller,
    requireObject(ctx.catalog, request.objectType),
    request.fields,
    await publishedFieldRules(db, caller.responsibilityId),
    ctx.clock.now(),
  );
