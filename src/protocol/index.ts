export * from './error-codes.js';
export * from './protocol-error.js';
export * from './schema.js';
export * from './decode-value.js';
export * from './filter-expression.js';
export * from './operations.js';
export * from './soap-codec.js';
