import type { Kysely } from 'kysely';
import { parsePackage, type ObjectCatalog, type PackageFile } from '../../metadata/index.js';
import { ProtocolError } from '../../protocol/index.js';
import type { DatabaseSchema } from '../db/database-schema.js';
import { checkPackageAgainstCatalog } from './check-package-against-catalog.js';

export interface PublishedPackage {
  packageId: string;
  hashValue: string;
  version: string;
  structureHash: string;
}

/**
 * Validates a package completely before storing anything, then makes it the
 * active package of the responsibility. A broken package is refused with every
 * problem found; it never becomes half-active. Publishing the exact same
 * package again changes nothing; the same id and version with other content is
 * refused, since clients tell packages apart by id and version.
 */
export async function publishPackage(
  db: Kysely<DatabaseSchema>,
  catalog: ObjectCatalog,
  input: { responsibilityId: string; files: readonly PackageFile[]; publishedBy: string; now: number },
): Promise<PublishedPackage> {
  const responsibility = await db
    .selectFrom('responsibilities')
    .select('responsibility_id')
    .where('responsibility_id', '=', input.responsibilityId)
    .executeTakeFirst();
  if (!responsibility)
    throw new ProtocolError('NOT_FOUND', `There is no responsibility "${input.responsibilityId}"`, {
      responsibilityId: input.responsibilityId,
    });

  const parsed = parsePackage(input.files);
  const problems = parsed.ok ? checkPackageAgainstCatalog(parsed.package, catalog) : parsed.problems;
  if (!parsed.ok || problems.length > 0) {
    throw new ProtocolError(
      'INVALID_REQUEST',
      `The package is not valid: ${problems.length} problem(s), first: ${problems[0]?.file} ${problems[0]?.path}: ${problems[0]?.reason}`,
      { problems },
    );
  }
  const pkg = parsed.package;
  const packageId = `${pkg.info.id}@${pkg.info.version}`;
  const result: PublishedPackage = { packageId, hashValue: pkg.hash, version: pkg.info.version, structureHash: pkg.structureHash };

  const latest = await db
    .selectFrom('packages')
    .select(['revision', 'package_id', 'hash'])
    .where('responsibility_id', '=', input.responsibilityId)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest && latest.package_id === packageId && latest.hash === pkg.hash) return result;
  const sameVersion = await db
    .selectFrom('packages')
    .select('hash')
    .where('responsibility_id', '=', input.responsibilityId)
    .where('package_id', '=', packageId)
    .where('hash', '<>', pkg.hash)
    .executeTakeFirst();
  if (sameVersion) {
    throw new ProtocolError('INVALID_REQUEST', `${packageId} was already published with other content; raise the version in info.xml`, {
      packageId,
    });
  }
  await db
    .insertInto('packages')
    .values({
      responsibility_id: input.responsibilityId,
      revision: (latest ? Number(latest.revision) : 0) + 1,
      package_id: packageId,
      version: pkg.info.version,
      hash: pkg.hash,
      structure_hash: pkg.structureHash,
      files: JSON.stringify(input.files.map((f) => ({ name: f.name, content: f.content }))),
      published_at: input.now,
      published_by: input.publishedBy,
    })
    .execute();
  return result;
}
