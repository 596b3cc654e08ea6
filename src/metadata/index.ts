export * from './object-definition.js';
export * from './coerce-field-value.js';
export * from './evaluate-filter.js';
