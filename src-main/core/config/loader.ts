import { createHash } from 'node:crypto';
import type { OpenClawConfig } from '../../../src-shared/config/schema.js';
import type { ConfigFileSnapshot, ConfigIssue } from '../../../src-shared/config/snapshot.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { isErrnoException } from '../utils/fs.js';
import { FileTooLargeError, NotRegularFileError, formatByteSize, readRegularFile, readRegularFileSync } from '../utils/read-regular-file.js';
import { StorageError, toStorageError } from '../utils/storage-error.js';
import { applyDefaults } from './defaults.js';
import { MissingEnvVarError, substituteEnvVars } from './env-substitution.js';
import { ConfigLoadError, ConfigParseError, ConfigValidationError } from './errors.js';
import { parseConfigFile, resolveConfigFormat } from './parse-config-file.js';
import { expandHomePrefix, resolveConfigPath, type Env } from './paths.js';
import { validateConfig } from '../../../src-shared/config/validate.js';

/** Largest config file read (1 MiB): real configs are a few KB, and a bigger one is a mistake that would stall the gateway. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** What reading the config file gave: nothing there, a reason it cannot be used, or its bytes. */
export type ConfigReadOutcome = { kind: 'missing' } | { kind: 'failed'; error: ConfigLoadError } | { kind: 'read'; bytes: Buffer };

type Evaluation = { parsed: unknown; issues: ConfigIssue[]; warnings: ConfigIssue[] } & (
  | { config: OpenClawConfig; error: null }
  | { config: null; error: ConfigLoadError | MissingEnvVarError }
);

function resolveFilePath(filePath: string | undefined, env: Env): string {
  return filePath === undefined ? resolveConfigPath(env) : expandHomePrefix(filePath, env);
}

function resolveReadFailureReason(filePath: string, error: unknown): string {
  if (error instanceof NotRegularFileError) {
    return `Config path ${error.message}; ${error.kind === 'directory' ? 'remove it or ' : ''}set OPENCLAW_CONFIG_PATH to a YAML or JSON file`;
  }
  if (error instanceof FileTooLargeError) {
    return `Config file ${filePath} is ${formatByteSize(error.size)}; the config may be at most ${formatByteSize(MAX_CONFIG_BYTES)}, check that OPENCLAW_CONFIG_PATH names the right file`;
  }
  // The errno codes are worded by the one table every storage failure uses.
  const known = toStorageError(error, filePath, { action: 'read', what: 'config file' });
  return known instanceof StorageError ? known.message : `Cannot read config file ${filePath}: ${describeError(error)}`;
}

function describeReadFailure(filePath: string, error: unknown): ConfigReadOutcome {
  // A missing file is the normal first run: defaults apply.
  if (isErrnoException(error) && error.code === 'ENOENT') return { kind: 'missing' };
  return { kind: 'failed', error: new ConfigLoadError(resolveReadFailureReason(filePath, error), filePath, { cause: error }) };
}

/**
 * Reads the config file's bytes, never throwing: only a regular file of at most MAX_CONFIG_BYTES is
 * read (a FIFO, device, directory or huge file, also behind a symbolic link, is a `failed` outcome
 * that names the path and what it is), opened non-blocking so a FIFO cannot hold a worker thread.
 */
export async function readConfigBytes(filePath: string): Promise<ConfigReadOutcome> {
  try {
    return { kind: 'read', bytes: await readRegularFile(filePath, MAX_CONFIG_BYTES) };
  } catch (error) {
    return describeReadFailure(filePath, error);
  }
}

function readConfigBytesSync(filePath: string): ConfigReadOutcome {
  try {
    return { kind: 'read', bytes: readRegularFileSync(filePath, MAX_CONFIG_BYTES) };
  } catch (error) {
    return describeReadFailure(filePath, error);
  }
}

function evaluate(raw: string, filePath: string, env: Env): Evaluation {
  const failed = (parsed: unknown, error: ConfigLoadError | MissingEnvVarError, issues: ConfigIssue[]): Evaluation => ({
    parsed,
    config: null,
    issues,
    warnings: [],
    error,
  });
  let parsed: unknown;
  try {
    parsed = parseConfigFile(raw, resolveConfigFormat(filePath), filePath);
  } catch (error) {
    if (!(error instanceof ConfigLoadError)) throw error;
    return failed(null, error, [{ path: error instanceof ConfigParseError ? error.key : '', message: error.message }]);
  }
  let substituted: unknown;
  try {
    substituted = substituteEnvVars(parsed, env);
  } catch (error) {
    if (!(error instanceof MissingEnvVarError)) throw error;
    error.filePath = filePath;
    return failed(parsed, error, [{ path: error.configPath, message: error.message }]);
  }
  const { config, issues, warnings } = validateConfig(substituted);
  if (config) return { parsed, config, issues, warnings, error: null };
  return { parsed, config: null, issues, warnings, error: new ConfigValidationError(filePath, issues) };
}

function loadFromOutcome(outcome: ConfigReadOutcome, filePath: string, env: Env): OpenClawConfig {
  if (outcome.kind === 'missing') return applyDefaults();
  if (outcome.kind === 'failed') throw outcome.error;
  const evaluation = evaluate(outcome.bytes.toString('utf8'), filePath, env);
  if (evaluation.error) throw evaluation.error;
  return evaluation.config;
}

/**
 * Loads the config file (default: resolveConfigPath(env); `~` expanded) as YAML or JSON by
 * extension, substitutes `${VAR}` from `env` (default: empty) and applies defaults; a missing
 * file gives the defaults. Throws ConfigParseError, ConfigValidationError, ConfigLoadError
 * (unreadable) or MissingEnvVarError. Unknown keys are not errors; readConfigFileSnapshot lists them.
 */
export async function loadConfigFile(filePath?: string, env: Env = {}): Promise<OpenClawConfig> {
  const resolved = resolveFilePath(filePath, env);
  return loadFromOutcome(await readConfigBytes(resolved), resolved, env);
}

/** Synchronous loadConfigFile, with the same defaults and errors. */
export function loadConfigSync(filePath?: string, env: Env = {}): OpenClawConfig {
  const resolved = resolveFilePath(filePath, env);
  return loadFromOutcome(readConfigBytesSync(resolved), resolved, env);
}

/** A snapshot and, when the file is not usable, the loader's error behind its issues (for a start failure's exact wording). */
export interface ConfigFileState {
  snapshot: ConfigFileSnapshot;
  error: ConfigLoadError | MissingEnvVarError | null;
}

/** The `hash` of a snapshot: sha256 hex of the file's bytes. */
export function resolveConfigHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Reads the config file (same defaults as loadConfigFile) into a ConfigFileSnapshot and never
 * throws: parse errors, missing env vars, invalid values and unreadable paths become `issues`
 * (with `valid: false`, `config: null`); `raw` and `hash` (sha256 of the file bytes) are kept
 * whenever the file could be read. `loaded_at` comes from `clock` (default Date.now).
 */
export async function readConfigFileSnapshot(filePath?: string, env: Env = {}, clock: () => number = Date.now): Promise<ConfigFileSnapshot> {
  return (await readConfigFileState(filePath, env, clock)).snapshot;
}

/** readConfigFileSnapshot plus the loader's error, `loaded_at` from `clock`; never throws. */
export async function readConfigFileState(filePath: string | undefined, env: Env, clock: () => number): Promise<ConfigFileState> {
  let resolved = filePath ?? '';
  try {
    resolved = resolveFilePath(filePath, env);
    return buildState(resolved, await readConfigBytes(resolved), env, clock);
  } catch (error) {
    // Last line of defence for the never-throws promise (e.g. a bug in a parser dependency).
    const message = `Cannot load config file ${resolved}: ${describeError(error)}`;
    return { snapshot: emptySnapshot(resolved, true, [{ path: '', message }], clock), error: null };
  }
}

/** The state `bytes` would have as the file at `filePath` (e.g. an edit about to be written); never throws. */
export function resolveConfigFileState(filePath: string, bytes: Buffer, env: Env, clock: () => number): ConfigFileState {
  try {
    return buildState(filePath, { kind: 'read', bytes }, env, clock);
  } catch (error) {
    const message = `Cannot load config file ${filePath}: ${describeError(error)}`;
    return { snapshot: emptySnapshot(filePath, true, [{ path: '', message }], clock), error: null };
  }
}

function emptySnapshot(filePath: string, exists: boolean, issues: ConfigIssue[], clock: () => number): ConfigFileSnapshot {
  return {
    path: filePath,
    exists,
    raw: null,
    parsed: null,
    valid: issues.length === 0,
    config: issues.length === 0 ? applyDefaults() : null,
    hash: null,
    issues,
    warnings: [],
    loaded_at: clock(),
  };
}

function buildState(filePath: string, outcome: ConfigReadOutcome, env: Env, clock: () => number): ConfigFileState {
  if (outcome.kind === 'missing') return { snapshot: emptySnapshot(filePath, false, [], clock), error: null };
  if (outcome.kind === 'failed') return { snapshot: emptySnapshot(filePath, true, [{ path: '', message: outcome.error.message }], clock), error: outcome.error };
  const raw = outcome.bytes.toString('utf8');
  const { parsed, config, issues, warnings, error } = evaluate(raw, filePath, env);
  return {
    snapshot: {
      path: filePath,
      exists: true,
      raw,
      parsed,
      valid: config !== null,
      config,
      hash: resolveConfigHash(outcome.bytes),
      issues,
      warnings,
      loaded_at: clock(),
    },
    error,
  };
}
