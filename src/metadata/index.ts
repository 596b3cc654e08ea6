export * from './object-definition.js';
export * from './coerce-field-value.js';
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
