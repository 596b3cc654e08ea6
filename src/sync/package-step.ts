import { decidePackageAction, parsePackage, type CustomizationPackage, type PackageDecision, type PackageFile } from '../metadata/index.js';
import { ProtocolError } from '../protocol/index.js';
import type { AppliedPackage } from '../store/index.js';
import { applyResolutions } from './apply-resolutions.js';
import { dependencyOrder } from './dependency-order.js';
import { planReinstall } from './plan-reinstall.js';
import type { SyncOptions } from './sync-options.js';
import { packageFailure } from './package-failure.js';
import { newSyncSession, type EngineParts } from './sync-session.js';
import { syncObject } from './sync-object.js';
import { exchangeKeys, type ObjectKeys } from './exchange-keys.js';
import { finishPending } from './finish-pending.js';
import type { SyncStatus } from './sync-status.js';
import { tableSpecs } from './table-specs.js';
import type { CallContext } from './transport.js';

/**
 * Siebel incremental sync steps 3–10: send the cached ids, decide about the
 * offered package, and install, apply or ask. Also checks the local structure
 * ("There is a problem with the data structure") and rebuilds it when damaged.
 */
export async function preparePackage(
  parts: EngineParts,
  context: CallContext,
  userName: string,
  options: SyncOptions,
): Promise<{ pkg: CustomizationPackage; notice: string | null } | { stop: SyncStatus }> {
  const { store, transport } = parts;
  const settings = await store.getSettings();
  const applied = await store.getAppliedPackage();
  const appliedParsed = applied ? parsePackage(applied.files) : null;
  const appliedPkg = appliedParsed?.ok ? appliedParsed.package : null;
  const damage = appliedPkg
    ? await store.checkStructure(tableSpecs(appliedPkg.objects))
    : applied
      ? 'the stored package copy cannot be read'
      : null;
  // A damaged copy is not trusted as cache: ask for the files again.
  const cached =
    appliedPkg && !damage
      ? {
          packageId: settings.packageId ?? undefined,
          responsibilityId: settings.responsibilityId ?? undefined,
          hashValue: settings.hashValue ?? undefined,
        }
      : {};
  // The applied package's preferred version, until the gateway names a newer one: what a failure is logged with.
  const knownPreferred = appliedPkg?.info.compatibility.preferredProduct ?? null;
  const answer = await transport
    .call('DownloadMetadataFiles', { ...stripUndefined(cached), productVersion: parts.productVersion }, context)
    .catch((error: unknown) => {
      throw packageFailure(error, { productVersion: parts.productVersion, preferredProduct: knownPreferred });
    });

  // The gateway names the caller's responsibility with the package (Login's answer need not be at hand).
  const responsibilityId = answer.responsibilityId;
  let offered: CustomizationPackage | null = null;
  if (answer.containsFiles) {
    const parsed = parsePackage(answer.files ?? []);
    if (!parsed.ok) {
      throw packageFailure(
        new ProtocolError(
          'PACKAGE_UNAVAILABLE',
          'The configuration from the gateway is incomplete or damaged. Contact your administrator.',
          {
            problems: parsed.problems.slice(0, 10),
          },
        ),
        { productVersion: parts.productVersion, preferredProduct: answer.preferredProductVersion ?? knownPreferred },
      );
    }
    offered = parsed.package;
  }
  const copy = (pkg: CustomizationPackage, files: readonly PackageFile[]): AppliedPackage => ({
    packageId: answer.packageId,
    responsibilityId,
    hashValue: pkg.hash,
    files,
    appliedAt: parts.now(),
  });
  const remember = () => store.updateSettings({ packageId: answer.packageId, responsibilityId, hashValue: answer.hashValue });

  if (damage) {
    // Rebuild from the newest package we hold; records with unsent changes are kept and uploaded by this sync.
    const pkg = offered ?? appliedPkg;
    const files = offered ? (answer.files ?? []) : applied?.files;
    if (pkg === null || files === undefined) {
      throw new ProtocolError(
        'STRUCTURE_DAMAGED',
        `The local data structure is damaged (${damage}) and no configuration could be downloaded to rebuild it.`,
      );
    }
    await reinstall(parts, pkg, copy(pkg, files), 'keep');
    await remember();
    return { pkg, notice: `The local data structure was damaged (${damage}); it was rebuilt and your data is downloaded again.` };
  }

  const decision = decidePackageAction({
    productVersion: parts.productVersion,
    applied:
      applied && appliedPkg
        ? {
            packageId: applied.packageId,
            version: appliedPkg.info.version,
            hash: appliedPkg.hash,
            structureHash: appliedPkg.structureHash,
          }
        : null,
    offered: offered
      ? {
          packageId: answer.packageId,
          version: offered.info.version,
          hash: offered.hash,
          structureHash: offered.structureHash,
          compatibility: offered.info.compatibility,
        }
      : null,
  });
  return actOnDecision(parts, decision, { appliedPkg, offered, files: answer.files ?? [], copy, remember, options, context, userName });
}

async function actOnDecision(
  parts: EngineParts,
  decision: PackageDecision,
  ctx: {
    appliedPkg: CustomizationPackage | null;
    offered: CustomizationPackage | null;
    files: readonly PackageFile[];
    copy: (pkg: CustomizationPackage, files: readonly PackageFile[]) => AppliedPackage;
    remember: () => Promise<unknown>;
    options: SyncOptions;
    context: CallContext;
    userName: string;
  },
): Promise<{ pkg: CustomizationPackage; notice: string | null } | { stop: SyncStatus }> {
  const { store } = parts;
  switch (decision.action) {
    case 'unchanged':
      if (!ctx.appliedPkg) throw new ProtocolError('STRUCTURE_DAMAGED', 'No configuration is installed and the gateway sent none.');
      return { pkg: ctx.appliedPkg, notice: null };
    case 'incompatibleProduct':
      throw new ProtocolError('INCOMPATIBLE_PRODUCT', decision.message, {
        preferredProduct: decision.preferredProduct,
        productVersion: decision.productVersion,
        supportedProducts: decision.supportedProducts,
      });
    case 'install': {
      const pkg = ctx.offered as CustomizationPackage;
      await reinstall(parts, pkg, ctx.copy(pkg, ctx.files), 'keep');
      await ctx.remember();
      return { pkg, notice: null };
    }
    case 'applyQuietly': {
      const pkg = ctx.offered as CustomizationPackage;
      await store.replaceAppliedPackage(ctx.copy(pkg, ctx.files));
      await ctx.remember();
      return { pkg, notice: decision.message };
    }
    case 'uploadThenReinstall':
    case 'reinstallWithArchive': {
      const old = ctx.appliedPkg as CustomizationPackage;
      const pkg = ctx.offered as CustomizationPackage;
      if (decision.action === 'uploadThenReinstall') {
        // Siebel step 6: the schemas are compatible, so local changes go up under the old package first.
        const session = newSyncSession(parts, { context: ctx.context, pkg: old, userName: ctx.userName, notice: null });
        await applyResolutions(parts.store, () => parts.now(), old.objects);
        const objects = dependencyOrder(old.objects);
        const localOnly: SyncOptions = { ...ctx.options, localOnly: true };
        await finishPending(session, objects, localOnly.signal);
        const keys = await exchangeKeys(session, objects, old.sync.keyExchange, localOnly);
        for (const object of objects) await syncObject(session, object, keys.get(object.name) as ObjectKeys, localOnly);
      }
      if (!ctx.options.confirmReinstall) return { stop: { phase: 'reinstallRequired', decision, message: decision.message } };
      await reinstall(parts, pkg, ctx.copy(pkg, ctx.files), decision.action === 'uploadThenReinstall' ? 'keep' : 'archive');
      await ctx.remember();
      return { pkg, notice: null };
    }
  }
}

/**
 * Removes CRM data and structure and installs `pkg` (Siebel "Situations Where
 * Siebel CRM Desktop Reinstalls the Data Structure"). Records with unsent
 * changes are kept ('keep', they upload in this sync) or archived ('archive',
 * the new schema cannot take them) — never dropped.
 */
async function reinstall(parts: EngineParts, pkg: CustomizationPackage, copy: AppliedPackage, unsent: 'keep' | 'archive'): Promise<void> {
  const { store } = parts;
  const now = parts.now();
  await store.reinstall(copy, tableSpecs(pkg.objects), (work) =>
    planReinstall(work, {
      keepTypes: unsent === 'keep' ? new Set(pkg.objects.map((o) => o.name)) : new Set(),
      now,
      reason: () =>
        unsent === 'archive'
          ? 'The new configuration cannot take this change; it was kept here instead of being uploaded.'
          : 'This object type is not part of the new configuration.',
    }),
  );
  await store.setCheckpoint({ syncId: parts.newOperationId(), startedAt: now, completed: [] });
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
