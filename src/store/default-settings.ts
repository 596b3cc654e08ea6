import type { StoreSettings } from './store-settings.js';

/** The settings of a store nothing was saved in yet: the package decides presets and filters later. */
export function defaultSettings(gatewayUrl: string, userName: string): StoreSettings {
  return {
    gatewayUrl,
    userName,
    presetId: null,
    disabledObjects: [],
    personalFilters: {},
    personalPresets: [],
    intervalMinutes: null,
    packageId: null,
    responsibilityId: null,
    hashValue: null,
    siteId: null,
    databaseId: null,
    registerOperationId: null,
    lastSyncAt: null,
    lastSyncResult: null,
  };
}
