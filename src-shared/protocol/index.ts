export * from './errors.js';
export * from './frames.js';
export * from './http.js';
export * from './methods.js';
export * from './events.js';
export * from './runtime-status.js';
export * from './chat.js';
export * from './openai.js';
