export * from './pairing.js';
export * from './status.js';
export * from './protocol.js';
