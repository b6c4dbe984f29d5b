import { mkdirSync } from 'node:fs';
import path from 'node:path';
import log from 'electron-log/node';
import { LoggingConfigSchema, type LoggingConfig } from '../../../src-shared/config/schema.js';
import { LOG_FILE_RELATIVE_PATH, expandHomePrefix } from '../config/paths.js';
import { archiveLogFile, pruneLogArchives } from './archive.js';
import { formatConsoleLine, formatJsonLine, type LogFields, type LogRecord } from './format.js';
import { ELECTRON_LOG_LEVEL, isLevelEnabled, type LogMethodLevel } from './levels.js';
import { createLogRedactor, type LogRedactor } from './redact.js';

/** Where console output goes: process.stderr by default, any `{ write }` in tests or embedders. */
export interface LogSink {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Inputs of {@link setupLogger} that do not come from the config file. */
export interface SetupLoggerOptions {
  /** Log file path; wins over `logging.file` and the state dir default. */
  logFile?: string;
  /** State dir; the log file defaults to `<stateDir>/logs/openclaw.log` when neither path is given. */
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

type ElectronLogger = typeof log;

interface LoggerState {
  config: LoggingConfig;
  consoleLevel: LoggingConfig['level'];
  logFile: string | undefined;
  instance: ElectronLogger;
  clock: () => number;
}

const LOG_ID = 'openclaw';

let state: LoggerState | undefined;
const secretValues = new Set<string>();
let redact: LogRedactor = createLogRedactor([]);

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
  const problems = result.error.issues.map((issue) => `logging.${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`Invalid logging config: ${problems.join('; ')}`);
}

function resolveLogFile(config: LoggingConfig, options: SetupLoggerOptions): string | undefined {
  if (options.logFile) return path.resolve(options.logFile);
  if (config.file) return expandHomePrefix(config.file);
  return options.stateDir ? resolveDefaultLogFile(options.stateDir) : undefined;
}

function ensureLogDir(logFile: string): void {
  const dir = path.dirname(logFile);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot create the log directory ${dir} (${reason}); set logging.file to a writable path`);
  }
}

function configureFileTransport(instance: ElectronLogger, config: LoggingConfig, logFile: string | undefined, sink: LogSink, clock: () => number): void {
  const file = instance.transports.file;
  if (!logFile || config.level === 'silent') {
    file.level = false;
    return;
  }
  // electron-log resolves its default path variables (which need an app name) even though
  // resolvePathFn ignores them; naming the app keeps that from failing outside a package dir.
  file.setAppName(LOG_ID);
  file.resolvePathFn = () => logFile;
  file.level = 'silly';
  file.sync = true;
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
        const reason = error instanceof Error ? error.message : String(error);
        sink.write(`Could not rotate the log file ${current.path} (${reason}); logging continues in it\n`);
      }
    }
    pruneLogArchives(current.path, config.retention_days, clock());
  };
}

function configureConsoleTransport(instance: ElectronLogger, config: LoggingConfig, consoleLevel: LoggingConfig['level'], sink: LogSink, colors: boolean): void {
  const consoleTransport = instance.transports.console;
  consoleTransport.level = consoleLevel === 'silent' ? false : 'silly';
  consoleTransport.transforms = [
    ({ data }) => [formatConsoleLine(config.console_style, data[0] as LogRecord, redact, colors)],
  ];
  consoleTransport.writeFn = ({ message }) => {
    sink.write(`${String(message.data[0])}\n`);
  };
}

/** Adds secret values (e.g. from collectSecretValues(config)) to redact from now on; blank values are ignored. */
export function addLogSecrets(values: Iterable<string>): void {
  const before = secretValues.size;
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') secretValues.add(value);
  }
  if (secretValues.size !== before) redact = createLogRedactor(secretValues);
}

function configure(config: Partial<LoggingConfig> | undefined, options: SetupLoggerOptions): LoggerState {
  const parsed = parseLoggingConfig(config);
  const consoleLevel = parsed.console_level ?? parsed.level;
  const logFile = resolveLogFile(parsed, options);
  const clock = options.clock ?? Date.now;
  const sink = options.console ?? process.stderr;
  const colors = options.colors ?? sink.isTTY === true;

  if (logFile && parsed.level !== 'silent') {
    ensureLogDir(logFile);
    pruneLogArchives(logFile, parsed.retention_days, clock());
  }
  addLogSecrets(options.secrets ?? []);

  // A fixed logId makes each setup replace the previous instance in electron-log's registry.
  const instance = log.create({ logId: LOG_ID });
  for (const name of ['ipc', 'remote']) {
    const transport = instance.transports[name];
    if (transport) transport.level = false;
  }
  configureFileTransport(instance, parsed, logFile, sink, clock);
  configureConsoleTransport(instance, parsed, consoleLevel, sink, colors);

  state = { config: parsed, consoleLevel, logFile, instance, clock };
  return state;
}

/**
 * Configures the process-wide logger, replacing any earlier setup: `config` is a logging config
 * section (defaults filled in; an invalid one throws an Error listing each `logging.<key>` issue
 * and keeps the earlier setup), the file is `options.logFile`, else `logging.file`, else
 * `<options.stateDir>/logs/openclaw.log`, else none (console only); its dir is created (an Error
 * names it when that fails) and archives older than `retention_days` are deleted.
 */
export function setupLogger(config?: Partial<LoggingConfig>, options: SetupLoggerOptions = {}): Logger {
  configure(config, options);
  return LOGGER;
}

function ensureInitialized(): LoggerState {
  return state ?? configure(undefined, {});
}

function write(level: LogMethodLevel, message: string, fields: LogFields | undefined): void {
  const current = ensureInitialized();
  const transports: string[] = [];
  if (current.logFile && isLevelEnabled(current.config.level, level)) transports.push('file');
  if (isLevelEnabled(current.consoleLevel, level)) transports.push('console');
  // Filtering here rather than in electron-log keeps fatal distinct from error (both travel as
  // electron-log's "error") and skips all formatting for messages nobody will see.
  if (transports.length === 0) return;
  const record: LogRecord = { time: new Date(current.clock()), level, message: String(message), fields: fields ?? {} };
  current.instance.processMessage(
    { data: [record], date: record.time, level: ELECTRON_LOG_LEVEL[level] },
    { transports },
  );
}

const LOGGER: Logger = {
  fatal: logFatal,
  error: logError,
  warn: logWarn,
  success: logSuccess,
  info: logInfo,
  debug: logDebug,
  trace: logTrace,
};

/** Returns the process-wide logger, setting it up with defaults (console only, level info) if nothing has. */
export function getLogger(): Logger {
  ensureInitialized();
  return LOGGER;
}

/** Forgets the setup and every known secret; the next log call sets up defaults again. */
export function resetLogger(): void {
  state = undefined;
  secretValues.clear();
  redact = createLogRedactor([]);
}

/** True once {@link setupLogger} (or an auto-initialising call) has run since the last reset. */
export function isLoggerInitialized(): boolean {
  return state !== undefined;
}

/** Returns a copy of the active logging config (defaults filled in), or undefined before setup. */
export function getCurrentConfig(): LoggingConfig | undefined {
  return state ? { ...state.config } : undefined;
}

/** Returns the file being logged to, or undefined when logging to the console only. */
export function getCurrentLogFile(): string | undefined {
  return state?.config.level === 'silent' ? undefined : state?.logFile;
}

/** Logs at fatal level (written as electron-log "error", marked FATAL). */
export function logFatal(message: string, fields?: LogFields): void {
  write('fatal', message, fields);
}

/** Logs at error level. */
export function logError(message: string, fields?: LogFields): void {
  write('error', message, fields);
}

/** Logs at warn level. */
export function logWarn(message: string, fields?: LogFields): void {
  write('warn', message, fields);
}

/** Logs a success (info severity, marked SUCCESS and shown green). */
export function logSuccess(message: string, fields?: LogFields): void {
  write('success', message, fields);
}

/** Logs at info level. */
export function logInfo(message: string, fields?: LogFields): void {
  write('info', message, fields);
}

/** Logs at debug level. */
export function logDebug(message: string, fields?: LogFields): void {
  write('debug', message, fields);
}

/** Logs at trace level (electron-log "silly"). */
export function logTrace(message: string, fields?: LogFields): void {
  write('trace', message, fields);
}
