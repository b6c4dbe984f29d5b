export * from './entry.js';
export * from './keys.js';
export * from './label.js';
export * from './entry-operations.js';
export * from './channel.js';
export * from './list-query.js';
