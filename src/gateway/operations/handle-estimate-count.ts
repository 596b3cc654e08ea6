import { compileFilter } from '../records/compile-filter.js';
import { requireObject } from '../records/require-object.js';
import { visibleTo } from '../records/visible-to.js';
import { todayOf } from './today-of.js';
import type { Handler } from './handler.js';

/** How many records visibility and the filter select: the first-run assistant's estimate and the sync's progress total. */
export const handleEstimateCount: Handler<'EstimateCount'> = async (ctx, { request, caller, db }) => {
  const object = requireObject(ctx.catalog, request.objectType);
  let query = db
    .selectFrom('records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('records.object_type', '=', object.name)
    .where(visibleTo(caller));
  if (request.filter) {
    query = query.where(compileFilter(request.filter, { object, dialect: ctx.database.dialect, caller, today: todayOf(ctx.clock) }));
  }
  const row = await query.executeTakeFirstOrThrow();
  return { count: Number(row.n) };
};
