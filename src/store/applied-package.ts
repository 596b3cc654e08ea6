import type { PackageFile } from '../metadata/index.js';

/** The package applied to this database, kept whole so the structure can be checked and rebuilt from it. */
export interface AppliedPackage {
  readonly packageId: string;
  readonly responsibilityId: string;
  readonly hashValue: string;
  readonly files: readonly PackageFile[];
  readonly appliedAt: number;
}
