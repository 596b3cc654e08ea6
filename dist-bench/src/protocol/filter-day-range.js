"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.filterDayRange = filterDayRange;
exports.dayAfter = dayAfter;
exports.dayString = dayString;
const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * The inclusive calendar-date range that `withinDays: { from, to }` means on a
 * given day (UTC), e.g. from -90 to 0 on 2026-11-21 is 2026-08-23…2026-11-21.
 * Gateway and client both call this so they select the same records.
 */
function filterDayRange(today, from, to) {
    if (!ISO_DATE.test(today))
        throw new RangeError(`today must be YYYY-MM-DD, got ${today}`);
    const base = Date.parse(`${today}T00:00:00.000Z`);
    return { firstDay: dayString(base + from * DAY_MS), lastDay: dayString(base + to * DAY_MS) };
}
/** The first instant after `day` (exclusive upper bound for datetime fields). */
function dayAfter(day) {
    return dayString(Date.parse(`${day}T00:00:00.000Z`) + DAY_MS);
}
function dayString(epochMs) {
    return new Date(epochMs).toISOString().slice(0, 10);
}
//# sourceMappingURL=filter-day-range.js.map