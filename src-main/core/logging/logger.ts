import { randomUUID } from 'node:crypto';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import log from 'electron-log/node';
import { LoggingConfigSchema, type LoggingConfig } from '../../../src-shared/config/schema.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { formatZodIssues } from '../../../src-shared/utils/zod-issues.js';
import { LOG_FILE_RELATIVE_PATH, expandHomePrefix } from '../config/paths.js';
import { ensureDirSync } from '../utils/fs.js';
import { createSecretKeeper, type SecretKeeper } from '../utils/secret-scrubber.js';
import { StorageError, toStorageError } from '../utils/storage-error.js';
import { archiveLogFile, pruneLogArchives } from './archive.js';
import { formatConsoleLine, formatJsonLine, type LogFields, type LogRecord } from './format.js';
import { ELECTRON_LOG_LEVEL, isLevelEnabled, type LogMethodLevel } from './levels.js';
import type { LogLine } from '../../../src-shared/protocol/logs.js';
import type { LogTail } from './log-tail.js';
import type { LogRedactor } from './redact.js';

/** Where console output goes: process.stderr by default, any `{ write }` in tests or embedders. */
export interface LogSink {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Inputs of {@link createLogger} and {@link setupLogger} that do not come from the config file. */
export interface SetupLoggerOptions {
  /** Log file path; wins over `logging.file` and the state dir default. */
  logFile?: string;
  /** State dir; the log file defaults to `<stateDir>/logs/openclaw.log` when neither path is given, and `<stateDir>/logs` is kept owner-only (0700). */
  stateDir?: string;
  /** Secret values never to be written (merged with those already known). */
  secrets?: readonly string[];
  /** Console sink; default process.stderr. */
  console?: LogSink;
  /** ANSI colours in pretty/compact console output; default: the sink is a TTY. */
  colors?: boolean;
  /** Clock in ms since the epoch; default Date.now. */
  clock?: () => number;
}

/** Inputs of {@link createLogger}: a setup, and the secret keeper it scrubs with. */
export interface CreateLoggerOptions extends SetupLoggerOptions {
  /** Shared with whatever else must hide the same secrets (the runtime's errors); default: a keeper of its own. */
  keeper?: SecretKeeper;
  /** Gets every line at or above `logging.level` as the file has it (redacted), for the Logs page; kept across reconfigures. */
  tail?: LogTail;
}

/** The logger handed to modules that log (and accepted by factories as an injectable option). */
export interface Logger {
  fatal(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  success(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  trace(message: string, fields?: LogFields): void;
}

/** A logger with its own setup, secrets and electron-log instance; the runtime owns one and passes it on. */
export interface LoggerHandle extends Logger {
  /**
   * Replaces the setup as {@link createLogger} describes, keeping the secrets already known; an
   * invalid config (or a log dir that cannot be created) throws and keeps the earlier setup.
   */
  reconfigure(config?: Partial<LoggingConfig>, options?: SetupLoggerOptions): void;
  /** Adds secret values (e.g. from collectSecretValues(config)) to redact from now on; blank values are ignored. */
  addSecrets(values: Iterable<string>): void;
  /** Returns a copy of the active logging config (defaults filled in). */
  currentConfig(): LoggingConfig;
  /** Returns the file being logged to, or undefined when logging to the console only. */
  currentLogFile(): string | undefined;
}

type ElectronLogger = typeof log;

interface LoggerState {
  config: LoggingConfig;
  consoleLevel: LoggingConfig['level'];
  logFile: string | undefined;
  instance: ElectronLogger;
  clock: () => number;
}

// electron-log needs an app name to resolve its (unused) default paths.
const LOG_APP_NAME = 'openclaw';

/** Resolves the default log dir, `<stateDir>/logs`. */
export function resolveDefaultLogDir(stateDir: string): string {
  return path.dirname(resolveDefaultLogFile(stateDir));
}

/** Resolves the default log file, `<stateDir>/logs/openclaw.log`. */
export function resolveDefaultLogFile(stateDir: string): string {
  return path.join(stateDir, LOG_FILE_RELATIVE_PATH);
}

function parseLoggingConfig(config: Partial<LoggingConfig> | undefined): LoggingConfig {
  const result = LoggingConfigSchema.safeParse(config ?? {});
  if (result.success) return result.data;
  throw new Error(`Invalid logging config: ${formatZodIssues(result.error.issues, { prefix: ['logging'] })}`);
}

function resolveLogFile(config: LoggingConfig, options: SetupLoggerOptions): string | undefined {
  if (options.logFile) return path.resolve(options.logFile);
  if (config.file) return expandHomePrefix(config.file);
  return options.stateDir ? resolveDefaultLogFile(options.stateDir) : undefined;
}

// Logs hold pairing codes, names and chat ids: owner only.
const LOG_DIR_MODE = 0o700;
const LOG_FILE_MODE = 0o600;

function restrictMode(target: string, mode: number): void {
  try {
    chmodSync(target, mode);
  } catch {
    // Not there yet (it is created with the mode), owned by someone else, or a read-only disk: writing reports its own failure.
  }
}

function ensureLogDir(logFile: string, stateDir: string | undefined): void {
  const dir = path.dirname(logFile);
  try {
    ensureDirSync(dir, { mode: LOG_DIR_MODE });
  } catch (error) {
    const known = toStorageError(error, dir, { action: 'create', what: 'the log directory' });
    if (known instanceof StorageError) throw known;
    throw new Error(`Cannot create the log directory ${dir} (${describeError(error)}); set logging.file to a writable path`, { cause: error });
  }
  // An existing dir is narrowed only when it is the state dir's own logs/, never a folder picked for logging.file.
  if (stateDir !== undefined && dir === resolveDefaultLogDir(stateDir)) restrictMode(dir, LOG_DIR_MODE);
  restrictMode(logFile, LOG_FILE_MODE);
}

function configureFileTransport(
  instance: ElectronLogger,
  config: LoggingConfig,
  logFile: string | undefined,
  sink: LogSink,
  clock: () => number,
  redact: LogRedactor,
): void {
  const file = instance.transports.file;
  if (!logFile || config.level === 'silent') {
    file.level = false;
    return;
  }
  // electron-log resolves its default path variables (which need an app name) even though
  // resolvePathFn ignores them; naming the app keeps that from failing outside a package dir.
  file.setAppName(LOG_APP_NAME);
  file.resolvePathFn = () => logFile;
  file.level = 'silly';
  file.sync = true;
  // A log file created (or re-created after a rotation) is the owner's alone.
  file.writeOptions = { flag: 'a', mode: LOG_FILE_MODE, encoding: 'utf8' };
  file.maxSize = config.max_file_bytes;
  file.transforms = [({ data }) => formatJsonLine(data[0] as LogRecord, redact)];
  let rotationFailureReported = false;
  file.archiveLogFn = (current) => {
    try {
      archiveLogFile(current.path, new Date(clock()));
    } catch (error) {
      // Writing continues in the same file; a retry happens on the next write.
      if (!rotationFailureReported) {
        rotationFailureReported = true;
        const reason = describeError(error);
        sink.write(`Could not rotate the log file ${current.path} (${reason}); logging continues in it\n`);
      }
    }
    pruneLogArchives(current.path, config.retention_days, clock());
  };
}

function configureConsoleTransport(
  instance: ElectronLogger,
  config: LoggingConfig,
  consoleLevel: LoggingConfig['level'],
  sink: LogSink,
  colors: boolean,
  redact: LogRedactor,
): void {
  const consoleTransport = instance.transports.console;
  consoleTransport.level = consoleLevel === 'silent' ? false : 'silly';
  consoleTransport.transforms = [
    ({ data }) => [formatConsoleLine(config.console_style, data[0] as LogRecord, redact, colors)],
  ];
  consoleTransport.writeFn = ({ message }) => {
    sink.write(`${String(message.data[0])}\n`);
  };
}

/**
 * Creates a logger of its own: `config` is a logging config section (defaults filled in; an invalid
 * one throws an Error listing each `logging.<key>` issue), the file is `options.logFile`, else
 * `logging.file`, else `<options.stateDir>/logs/openclaw.log`, else none (console only); its dir is
 * created with mode 0700 (an Error names it when that fails), the file is kept at 0600, and archives
 * older than `retention_days` are deleted.
 * Its level and file are independent of every other handle's; so are its secrets unless `options.keeper` is shared.
 */
export function createLogger(config?: Partial<LoggingConfig>, options: CreateLoggerOptions = {}): LoggerHandle {
  // electron-log keeps instances in a registry by logId: one id per handle, so handles never replace
  // each other's instance, and a reconfigure replaces this handle's own (the registry keeps one per handle).
  const logId = `openclaw-${randomUUID()}`;
  // The transports call the keeper's scrub, so secrets added after a setup apply to it at once.
  const secrets = options.keeper ?? createSecretKeeper();
  const redact: LogRedactor = secrets.scrub;
  const addSecrets = secrets.add;
  const { tail } = options;

  const configure = (next: Partial<LoggingConfig> | undefined, nextOptions: SetupLoggerOptions): LoggerState => {
    const parsed = parseLoggingConfig(next);
    const consoleLevel = parsed.console_level ?? parsed.level;
    const logFile = resolveLogFile(parsed, nextOptions);
    const clock = nextOptions.clock ?? Date.now;
    const sink = nextOptions.console ?? process.stderr;
    const colors = nextOptions.colors ?? sink.isTTY === true;

    // Before anything that can throw: a setup that fails must still leave its secrets redacted.
    addSecrets(nextOptions.secrets ?? []);
    if (logFile && parsed.level !== 'silent') {
      ensureLogDir(logFile, nextOptions.stateDir);
      pruneLogArchives(logFile, parsed.retention_days, clock());
    }

    const instance = log.create({ logId });
    for (const name of ['ipc', 'remote']) {
      const transport = instance.transports[name];
      if (transport) transport.level = false;
    }
    configureFileTransport(instance, parsed, logFile, sink, clock, redact);
    configureConsoleTransport(instance, parsed, consoleLevel, sink, colors, redact);
    return { config: parsed, consoleLevel, logFile, instance, clock };
  };

  let state = configure(config, options);

  const write = (level: LogMethodLevel, message: string, fields: LogFields | undefined): void => {
    const current = state;
    const transports: string[] = [];
    const kept = isLevelEnabled(current.config.level, level);
    if (current.logFile && kept) transports.push('file');
    if (isLevelEnabled(current.consoleLevel, level)) transports.push('console');
    const toTail = kept && tail !== undefined;
    // Filtering here rather than in electron-log keeps fatal distinct from error (both travel as
    // electron-log's "error") and skips all formatting for messages nobody will see.
    if (transports.length === 0 && !toTail) return;
    const record: LogRecord = { time: new Date(current.clock()), level, message: String(message), fields: fields ?? {} };
    if (toTail) tail.append(JSON.parse(formatJsonLine(record, redact)) as Omit<LogLine, 'seq'>);
    if (transports.length === 0) return;
    current.instance.processMessage({ data: [record], date: record.time, level: ELECTRON_LOG_LEVEL[level] }, { transports });
  };

  return {
    fatal: (message, fields) => write('fatal', message, fields),
    error: (message, fields) => write('error', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    success: (message, fields) => write('success', message, fields),
    info: (message, fields) => write('info', message, fields),
    debug: (message, fields) => write('debug', message, fields),
    trace: (message, fields) => write('trace', message, fields),
    reconfigure(next, nextOptions = {}) {
      state = configure(next, nextOptions);
    },
    addSecrets,
    currentConfig: () => ({ ...state.config }),
    currentLogFile: () => (state.config.level === 'silent' ? undefined : state.logFile),
  };
}

// The contract's free functions below share this handle (created by setupLogger or the first log
// call), the way getDefaultAcpSessionStore shares one ACP store; the runtime creates its own.
let defaultLogger: LoggerHandle | undefined;
// Secrets given to addLogSecrets before the default handle exists; it starts with them.
let pendingSecrets: string[] = [];

function createDefaultLogger(config: Partial<LoggingConfig> | undefined, options: SetupLoggerOptions): LoggerHandle {
  const handle = createLogger(config, { ...options, secrets: [...pendingSecrets, ...(options.secrets ?? [])] });
  pendingSecrets = [];
  defaultLogger = handle;
  return handle;
}

function ensureDefaultLogger(): LoggerHandle {
  return defaultLogger ?? createDefaultLogger(undefined, {});
}

/** Adds secret values to the default logger (see LoggerHandle.addSecrets); before setupLogger they wait for it. */
export function addLogSecrets(values: Iterable<string>): void {
  if (defaultLogger) defaultLogger.addSecrets(values);
  else pendingSecrets.push(...values);
}

/**
 * Configures the default logger (the one behind the log* functions) as {@link createLogger} does,
 * replacing any earlier setup and keeping its secrets; an invalid config throws and keeps the earlier setup.
 */
export function setupLogger(config?: Partial<LoggingConfig>, options: SetupLoggerOptions = {}): Logger {
  if (defaultLogger) defaultLogger.reconfigure(config, options);
  else createDefaultLogger(config, options);
  return LOGGER;
}

// Routes every call to whatever default handle exists then, so a reference survives a reset.
const LOGGER: Logger = {
  fatal: logFatal,
  error: logError,
  warn: logWarn,
  success: logSuccess,
  info: logInfo,
  debug: logDebug,
  trace: logTrace,
};

/** Returns the default logger, setting it up with defaults (console only, level info) if nothing has. */
export function getLogger(): Logger {
  ensureDefaultLogger();
  return LOGGER;
}

/** Forgets the default logger's setup and every known secret; the next log call sets up defaults again. */
export function resetLogger(): void {
  defaultLogger = undefined;
  pendingSecrets = [];
}

/** True once {@link setupLogger} (or an auto-initialising call) has run since the last reset. */
export function isLoggerInitialized(): boolean {
  return defaultLogger !== undefined;
}

/** Returns a copy of the default logger's config (defaults filled in), or undefined before setup. */
export function getCurrentConfig(): LoggingConfig | undefined {
  return defaultLogger?.currentConfig();
}

/** Returns the file the default logger writes to, or undefined when logging to the console only. */
export function getCurrentLogFile(): string | undefined {
  return defaultLogger?.currentLogFile();
}

/** Logs at fatal level (written as electron-log "error", marked FATAL). */
export function logFatal(message: string, fields?: LogFields): void {
  ensureDefaultLogger().fatal(message, fields);
}

/** Logs at error level. */
export function logError(message: string, fields?: LogFields): void {
  ensureDefaultLogger().error(message, fields);
}

/** Logs at warn level. */
export function logWarn(message: string, fields?: LogFields): void {
  ensureDefaultLogger().warn(message, fields);
}

/** Logs a success (info severity, marked SUCCESS and shown green). */
export function logSuccess(message: string, fields?: LogFields): void {
  ensureDefaultLogger().success(message, fields);
}

/** Logs at info level. */
export function logInfo(message: string, fields?: LogFields): void {
  ensureDefaultLogger().info(message, fields);
}

/** Logs at debug level. */
export function logDebug(message: string, fields?: LogFields): void {
  ensureDefaultLogger().debug(message, fields);
}

/** Logs at trace level (electron-log "silly"). */
export function logTrace(message: string, fields?: LogFields): void {
  ensureDefaultLogger().trace(message, fields);
}
