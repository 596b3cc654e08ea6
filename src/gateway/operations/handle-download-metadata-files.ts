import { parsePackage, versionInRanges, type PackageFile } from '../../metadata/index.js';
import { ProtocolError } from '../../protocol/index.js';
import type { Handler } from './handler.js';

/**
 * Siebel's DownloadMetadataFiles: from the session's user to their
 * responsibility to its active package. The cached packageId, responsibilityId
 * and hashValue spare the download when nothing changed (containsFiles=false).
 * The product check is reported, not enforced: the client decides (it must not
 * apply an incompatible package), and the preferred version is named whenever
 * the client is not on it.
 */
export const handleDownloadMetadataFiles: Handler<'DownloadMetadataFiles'> = async (_ctx, { request, caller, db }) => {
  const row = await db
    .selectFrom('packages')
    .innerJoin('responsibilities', 'responsibilities.responsibility_id', 'packages.responsibility_id')
    .select(['packages.package_id', 'packages.hash', 'packages.files', 'responsibilities.name'])
    .where('packages.responsibility_id', '=', caller.responsibilityId)
    .orderBy('packages.revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) {
    throw new ProtocolError(
      'PACKAGE_UNAVAILABLE',
      'No configuration is published for your responsibility yet. Contact your administrator.',
      {
        responsibilityId: caller.responsibilityId,
      },
    );
  }
  const files = JSON.parse(row.files) as PackageFile[];
  // Stored packages were valid when published; one that no longer parses (a newer
  // gateway with stricter rules) must not reach a client half-understood.
  const parsed = parsePackage(files);
  if (!parsed.ok) {
    throw new ProtocolError(
      'PACKAGE_UNAVAILABLE',
      'The configuration published for your responsibility is not valid. Contact your administrator.',
      {
        responsibilityId: caller.responsibilityId,
        packageId: row.package_id,
      },
    );
  }
  const { compatibility } = parsed.package.info;
  const product =
    request.productVersion === undefined
      ? {}
      : (() => {
          const compatible = versionInRanges(request.productVersion, compatibility.products);
          return {
            productCompatible: compatible,
            ...(!compatible || request.productVersion !== compatibility.preferredProduct
              ? { preferredProductVersion: compatibility.preferredProduct }
              : {}),
          };
        })();
  const unchanged =
    request.packageId === row.package_id && request.responsibilityId === caller.responsibilityId && request.hashValue === row.hash;
  return {
    containsFiles: !unchanged,
    packageId: row.package_id,
    responsibilityId: caller.responsibilityId,
    hashValue: row.hash,
    ...(unchanged ? {} : { files }),
    ...product,
  };
};
