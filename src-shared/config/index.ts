export * from './schema.js';
export * from './snapshot.js';
export * from './redact.js';
