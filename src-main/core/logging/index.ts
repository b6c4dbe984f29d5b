export type { LogRedactor } from './redact.js';
export { isLevelEnabled, type LogMethodLevel } from './levels.js';
export { archiveLogFile, pruneLogArchives, resolveLogArchivePath } from './archive.js';
export { toJsonSafe, type LogFields } from './format.js';
export {
  addLogSecrets,
  createLogger,
  getCurrentConfig,
  getCurrentLogFile,
  getLogger,
  isLoggerInitialized,
  logDebug,
  logError,
  logFatal,
  logInfo,
  logSuccess,
  logTrace,
  logWarn,
  resetLogger,
  resolveDefaultLogDir,
  resolveDefaultLogFile,
  setupLogger,
  type LogSink,
  type Logger,
  type LoggerHandle,
  type SetupLoggerOptions,
} from './logger.js';
