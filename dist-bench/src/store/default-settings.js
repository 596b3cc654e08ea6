"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.defaultSettings = defaultSettings;
/** The settings of a store nothing was saved in yet: the package decides presets and filters later. */
function defaultSettings(gatewayUrl, userName) {
    return {
        gatewayUrl,
        userName,
        presetId: null,
        disabledObjects: [],
        personalFilters: {},
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
//# sourceMappingURL=default-settings.js.map