import type { FilterExpr } from '../protocol/index.js';
import type { ObjectDefinition } from './object-definition.js';

/** One file of a package as it travels (PublishPackage, DownloadMetadataFiles). */
export interface PackageFile {
  readonly name: string;
  readonly content: string;
}

/** A version like `3.05.15.00`: four parts compared as numbers. */
export type PackageVersion = string;

/** `info.xml`: identity and the compatibility rules (Siebel "How Siebel CRM Desktop Determines Compatibility"). */
export interface PackageInfo {
  readonly id: string;
  readonly version: PackageVersion;
  readonly description?: string;
  readonly compatibility: {
    /** preferred_product: the client version the admin recommends. */
    readonly preferredProduct: PackageVersion;
    /** Client product versions this package may be applied by (range text as written). */
    readonly products: string;
    /** Package versions whose local data can be uploaded under this package (range text as written). */
    readonly schemas: string;
  };
}

/** A preset's setting for one object type: enabled or not, and its filter. */
export interface PresetObjectFilter {
  readonly objectType: string;
  readonly enabled: boolean;
  readonly filter?: FilterExpr;
}

export interface FilterPreset {
  readonly id: string;
  readonly name: string;
  readonly isDefault: boolean;
  readonly objects: readonly PresetObjectFilter[];
}

/** `filters.xml`: master filters always apply; presets are what a rep picks from. */
export interface PackageFilters {
  readonly master: readonly { readonly objectType: string; readonly filter: FilterExpr }[];
  readonly presets: readonly FilterPreset[];
}

/**
 * How a sync finds what changed: `reconcile` compares fingerprints of row-id ranges
 * and lists only the keys of ranges that differ (cost grows with the difference);
 * `siebel` pages through every change key of every type on every sync (Siebel CRM
 * Desktop's own way, kept for gateways without ReconcileKeys and for comparison).
 */
export const KEY_EXCHANGES = ['reconcile', 'siebel'] as const;
export type KeyExchange = (typeof KEY_EXCHANGES)[number];

/** `sync.xml`: limits and choices of the sync engine. */
export interface SyncSettings {
  readonly pageSize: number;
  readonly maxIdsPerQuery: number;
  readonly maxCommandsPerBatch: number;
  /** Optional attribute, "reconcile" when absent. */
  readonly keyExchange: KeyExchange;
  /** Automatic-sync interval choices in minutes (0 = manual only). */
  readonly intervalChoices: readonly number[];
  readonly defaultInterval: number;
}

/** A parsed, validated customization package. */
export interface CustomizationPackage {
  readonly info: PackageInfo;
  readonly objects: readonly ObjectDefinition[];
  readonly filters: PackageFilters;
  readonly sync: SyncSettings;
  /** Hash over all files, canonical: whitespace and attribute order alone do not change it. */
  readonly hash: string;
  /** Hash over objects and fields only: it changes exactly when the local data structure must be reinstalled. */
  readonly structureHash: string;
}

/** One thing wrong with a package: which file, where in it, and why. */
export interface PackageProblem {
  readonly file: string;
  /** Element path, e.g. `objects/object[@name='Account']/field[3]`. */
  readonly path: string;
  readonly reason: string;
}

export type ParsePackageResult = { ok: true; package: CustomizationPackage } | { ok: false; problems: PackageProblem[] };
