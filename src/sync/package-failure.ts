import { ProtocolError } from '../protocol/index.js';

/** The product versions a package failure is reported with (Siebel: the preferred version is logged with a compatibility problem). */
export interface PackageVersions {
  /** This client's product version. */
  readonly productVersion: string;
  /** The version the administrator prefers: the gateway's answer, else the applied package's; null when neither is known. */
  readonly preferredProduct: string | null;
}

/**
 * A failure of the package download (the DownloadMetadataFiles call, or files that
 * cannot be used) carrying the product versions in its details, so the sync log and
 * support see which client met which configuration. Code, message and cause stay
 * as they were; a cancel is passed on untouched, as is anything not a ProtocolError
 * (the engine maps those to INTERNAL itself).
 */
export function packageFailure(error: unknown, versions: PackageVersions): unknown {
  if (!(error instanceof ProtocolError) || error.code === 'CANCELLED') return error;
  return new ProtocolError(
    error.code,
    error.message,
    {
      ...error.details,
      productVersion: versions.productVersion,
      ...(versions.preferredProduct !== null ? { preferredProduct: versions.preferredProduct } : {}),
    },
    { cause: error },
  );
}
