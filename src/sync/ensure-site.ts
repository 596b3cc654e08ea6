import type { EngineParts } from './sync-session.js';
import type { CallContext } from './transport.js';

/** RegisterSite once; the operation id is stored first, so a lost answer does not register a second site. */
export async function ensureSite(parts: EngineParts, context: CallContext): Promise<string> {
  const { store, transport } = parts;
  const settings = await store.getSettings();
  if (settings.databaseId) return settings.databaseId;
  const operationId = settings.registerOperationId ?? parts.newOperationId();
  if (!settings.registerOperationId) await store.updateSettings({ registerOperationId: operationId });
  const site = await transport.call('RegisterSite', { deviceName: parts.deviceName, operationId }, context);
  await store.updateSettings({ siteId: site.siteId, databaseId: site.databaseId, registerOperationId: null });
  return site.databaseId;
}
