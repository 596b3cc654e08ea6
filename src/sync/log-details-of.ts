import type { ErrorDetails } from '../protocol/index.js';
import { redactLogText } from './redact-log-text.js';

/**
 * The error details the sync log keeps: names and versions that explain a failure.
 * Everything else (problem lists, a refused record's fields, the site id) is left out,
 * so a value cannot reach the log through a detail nobody thought of.
 */
const KEPT_DETAILS: ReadonlySet<string> = new Set([
  'operation',
  'objectType',
  'field',
  'status',
  'retryAfterSeconds',
  'timeoutMs',
  'packageId',
  'responsibilityId',
  'productVersion',
  'preferredProduct',
  'supportedProducts',
]);

/** The longest string a detail keeps. */
const DETAIL_TEXT_MAX = 100;

/** The kept details of an error (KEPT_DETAILS, scalar values only, strings redacted and cut). Pure. */
export function logDetailsOf(details: ErrorDetails | undefined): Record<string, string | number | boolean> {
  const kept: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(details ?? {})) {
    if (!KEPT_DETAILS.has(key)) continue;
    if (typeof value === 'string') kept[key] = redactLogText(value).slice(0, DETAIL_TEXT_MAX);
    else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') kept[key] = value;
  }
  return kept;
}
