import { FILTER_LAYER_LIMITS, filterLimitProblem, measureFilter, ProtocolError, type FilterChoice } from '../../protocol/index.js';
import type { Caller } from '../auth/caller.js';
import type { GatewayContext } from '../gateway-context.js';
import { publishedFieldRules } from '../packages/published-field-rules.js';
import { compileFilter } from '../records/compile-filter.js';
import { requireObject } from '../records/require-object.js';
import type { Handler } from './handler.js';
import { todayOf } from './today-of.js';

/**
 * A device's report after a sync (SAP replacement step 1, "transfer data from his
 * outbound queue"): how many changes it still holds unsent, shown to admins in the
 * sites list and before a replacement; and the rep's filter choice, which the
 * replacement extract (step 5) uses so the new device holds what the old one did.
 * The report replaces the previous one; it needs the device's database id.
 *
 * The filter choice is checked as a sync would use it: every object type named must
 * be in the rep's package, and every personal filter must be within one filter
 * layer's limits and compile against the object's fields. A refused report changes
 * nothing.
 */
export const handleReportDevice: Handler<'ReportDevice'> = async (ctx, { request, caller, db }) => {
  if (caller.siteId === null) {
    throw new ProtocolError('INVALID_REQUEST', 'ReportDevice needs the X-Database-Id of a registered device; register the site first');
  }
  await checkFilterChoice(ctx, caller, request.filters);
  await db
    .updateTable('sites')
    .set({ unsent_changes: request.unsentChanges, unsent_reported_at: ctx.clock.now(), filter_choice: JSON.stringify(request.filters) })
    .where('site_id', '=', caller.siteId)
    .where('status', '=', 'active')
    .execute();
  return {};
};

async function checkFilterChoice(ctx: GatewayContext, caller: Caller, choice: FilterChoice): Promise<void> {
  const packageObjects = await publishedFieldRules(ctx.database.db, caller.responsibilityId);
  const today = todayOf(ctx.clock);
  const checkType = (objectType: string, path: string) => {
    if (!packageObjects.has(objectType)) {
      throw new ProtocolError('INVALID_REQUEST', `${path}: the object type "${objectType}" is not in your configuration`, {
        field: path,
        objectType,
      });
    }
  };
  const checkLayer = (disabled: readonly string[], filters: FilterChoice['personalFilters'], path: string) => {
    disabled.forEach((objectType, i) => checkType(objectType, `${path}.disabledObjects[${i}]`));
    const seen = new Set<string>();
    filters.forEach(({ objectType, filter }, i) => {
      const at = `${path}.personalFilters[${i}]`;
      checkType(objectType, `${at}.objectType`);
      if (seen.has(objectType)) {
        throw new ProtocolError('INVALID_REQUEST', `${at}: a second personal filter for ${objectType}`, { field: at, objectType });
      }
      seen.add(objectType);
      const tooLarge = filterLimitProblem(measureFilter(filter), FILTER_LAYER_LIMITS, 'FILTER_LAYER_LIMITS');
      if (tooLarge) throw new ProtocolError('INVALID_REQUEST', `${at}.filter: ${tooLarge}`, { field: `${at}.filter` });
      // Compiling checks every field and value against the object, as GetChangeKeys would.
      compileFilter(
        filter,
        { object: requireObject(ctx.catalog, objectType), dialect: ctx.database.dialect, caller, today },
        `${at}.filter`,
      );
    });
  };
  checkLayer(choice.disabledObjects, choice.personalFilters, 'filters');
  const ids = new Set<string>();
  choice.personalPresets.forEach((preset, i) => {
    const at = `filters.personalPresets[${i}]`;
    if (ids.has(preset.id))
      throw new ProtocolError('INVALID_REQUEST', `${at}: a second saved filter set with id ${preset.id}`, { field: at });
    ids.add(preset.id);
    checkLayer(preset.disabledObjects, preset.personalFilters, at);
  });
}
