export * from './fs.js';
export * from './file-watch.js';
