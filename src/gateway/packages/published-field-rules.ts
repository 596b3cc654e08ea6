import type { Kysely } from 'kysely';
import { parsePackage, type ObjectDefinition, type PackageFile } from '../../metadata/index.js';
import type { DatabaseSchema } from '../db/database-schema.js';

/** The object definitions of a responsibility's package by object name: where its field rules (min, max, kind…) are. */
export type FieldRules = ReadonlyMap<string, ObjectDefinition>;

const NO_RULES: FieldRules = new Map();
/** Parsed packages by hash: a hash names the content, so an entry never goes stale. */
const parsedByHash = new Map<string, FieldRules>();
const MAX_CACHED = 64;

/**
 * The field rules of the package published for a responsibility, which every write
 * of its users is held to (docs/customization-package.md, "Constraints"): the same
 * rules the rep's pane checks, so the CRM receives only what the package allows,
 * whatever client sent it. The catalog keeps the server's own rules (types, lengths,
 * required); the package only adds. A responsibility without a package, or whose
 * package no longer parses (DownloadMetadataFiles refuses to hand that one out),
 * adds no rules. One indexed read of the hash per call; the files are read and
 * parsed once per package.
 */
export async function publishedFieldRules(db: Kysely<DatabaseSchema>, responsibilityId: string): Promise<FieldRules> {
  const latest = await db
    .selectFrom('packages')
    .select(['revision', 'hash'])
    .where('responsibility_id', '=', responsibilityId)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!latest) return NO_RULES;
  const cached = parsedByHash.get(latest.hash);
  if (cached) return cached;
  const row = await db
    .selectFrom('packages')
    .select('files')
    .where('responsibility_id', '=', responsibilityId)
    .where('revision', '=', latest.revision)
    .executeTakeFirstOrThrow();
  const parsed = parsePackage(JSON.parse(row.files) as PackageFile[]);
  const rules: FieldRules = parsed.ok ? new Map(parsed.package.objects.map((o) => [o.name, o])) : NO_RULES;
  if (parsedByHash.size >= MAX_CACHED) parsedByHash.clear();
  parsedByHash.set(latest.hash, rules);
  return rules;
}
