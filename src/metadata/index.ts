export * from './object-definition.js';
export * from './coerce-field-value.js';
export * from './check-field-value.js';
export * from './check-record-fields.js';
export * from './assert-no-field-problems.js';
export * from './field-pattern.js';
export * from './evaluate-filter.js';
export * from './customization-package.js';
export * from './package-version.js';
export * from './product-version.js';
// SHA-256 moved down to protocol (the change-key fingerprints need it there); still offered here.
export { sha256Hex } from '../protocol/index.js';
export * from './package-hash.js';
export * from './parse-package.js';
export * from './decide-package-action.js';
export * from './normalize-fields.js';
export * from './without-nulls.js';
export * from './user-key-entries.js';
export * from './find-user-key-match.js';
