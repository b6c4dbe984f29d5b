// Public API of the Node core; names mirror the contract (openclaw_py.*) in camelCase.
export * from '../../src-shared/index.js';
export * from './config/index.js';
export * from './logging/index.js';
export * from './sessions/index.js';
export * from './utils/index.js';
export * from './gateway/index.js';
export * from './agent/index.js';
export * from './telegram/index.js';
export * from './runtime.js';
export * from './lifecycle.js';
export * from './app-version.js';
