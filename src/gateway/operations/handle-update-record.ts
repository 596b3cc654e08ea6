import { publishedFieldRules } from '../packages/published-field-rules.js';
import { requireObject } from '../records/require-object.js';
import { updateRecord } from '../records/update-record.js';
import type { Handler } from './handler.js';

/** Siebel "IBM Notes update" (records/update-record.ts); ApplyChanges runs the same update per change. */
export const handleUpdateRecord: Handler<'UpdateRecord'> = async (ctx, { request, caller, db }) =>
  updateRecord(
    db,
    caller,
    requireObject(ctx.catalog, request.objectType),
    request,
    request.fields,
    await publishedFieldRules(db, caller.responsibilityId),
    ctx.clock.now(),
  );
