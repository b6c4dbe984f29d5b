export * from './fs.js';
export * from './file-watch.js';
export * from './atomic-file.js';
export * from './file-lock.js';
export * from './safe-equal.js';
export * from './secret-scrubber.js';
