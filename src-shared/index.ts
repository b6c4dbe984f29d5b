// Public API of the isomorphic layer; names mirror the contract (openclaw_py.*) in camelCase.
export * from './types/base.js';
export * from './config/index.js';
export * from './sessions/index.js';
export * from './utils/index.js';
export * from './protocol/index.js';
export * from './telegram/index.js';
export * from './client/index.js';
export * from './desktop-api.js';
