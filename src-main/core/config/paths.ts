import { existsSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_GATEWAY_PORT } from '../../../src-shared/config/schema.js';
import { ensureDir } from '../utils/fs.js';

/** The environment a factory reads instead of the process environment; only the two entry points pass the real one in. */
export type Env = Readonly<Record<string, string | undefined>>;

export const STATE_DIR_NAME = '.openclaw';
export const CONFIG_FILE_NAMES = ['openclaw.yaml', 'openclaw.json'] as const;
export const SESSION_STORE_RELATIVE_PATH = path.join('agents', 'main', 'sessions', 'sessions.json');
export const LOG_FILE_RELATIVE_PATH = path.join('logs', 'openclaw.log');

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Resolves the user's home: OPENCLAW_HOME (with `~` expanded against the OS home) or the OS home. */
export function resolveHomeDir(env: Env = {}): string {
  const override = nonEmpty(env.OPENCLAW_HOME);
  const osHome = nonEmpty(env.HOME) ?? nonEmpty(env.USERPROFILE) ?? os.homedir();
  if (!override) return path.resolve(osHome);
  return path.resolve(expandTilde(override, osHome));
}

function expandTilde(value: string, home: string): string {
  if (value === '~') return home;
  if (value.startsWith('~/') || value.startsWith('~\\')) return path.join(home, value.slice(2));
  return value;
}

/** Expands a leading `~` to the resolved home dir (OPENCLAW_HOME-aware) and makes the path absolute. */
export function expandHomePrefix(value: string, env: Env = {}): string {
  return path.resolve(expandTilde(value, resolveHomeDir(env)));
}

/** Resolves the state dir: OPENCLAW_STATE_DIR, else `<home>/.openclaw`. */
export function resolveStateDir(env: Env = {}): string {
  const override = nonEmpty(env.OPENCLAW_STATE_DIR);
  if (override) return expandHomePrefix(override, env);
  return path.join(resolveHomeDir(env), STATE_DIR_NAME);
}

/**
 * Resolves the config file: OPENCLAW_CONFIG_PATH (alias OPENCLAW_CONFIG), else
 * `<state>/openclaw.yaml`, else `<state>/openclaw.json` when only that one exists.
 */
export function resolveConfigPath(env: Env = {}): string {
  const override = nonEmpty(env.OPENCLAW_CONFIG_PATH) ?? nonEmpty(env.OPENCLAW_CONFIG);
  if (override) return expandHomePrefix(override, env);
  const stateDir = resolveStateDir(env);
  const [yamlName, jsonName] = CONFIG_FILE_NAMES;
  const yamlPath = path.join(stateDir, yamlName);
  const jsonPath = path.join(stateDir, jsonName);
  return !existsSync(yamlPath) && existsSync(jsonPath) ? jsonPath : yamlPath;
}

/** Resolves the gateway port override from OPENCLAW_GATEWAY_PORT; undefined when unset, an Error when not a valid port. */
export function resolveGatewayPortOverride(env: Env = {}): number | undefined {
  const raw = nonEmpty(env.OPENCLAW_GATEWAY_PORT);
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`OPENCLAW_GATEWAY_PORT must be a port number between 0 and 65535 (got "${raw}")`);
  }
  return port;
}

export interface OpenClawPaths {
  home: string;
  stateDir: string;
  configPath: string;
  sessionStorePath: string;
  sessionsDir: string;
  logFile: string;
}

/**
 * Resolves every path of DESIGN.md's table from the env, with the config's `session.store` and
 * `logging.file` overrides applied when given (both `~`-expanded).
 */
export function resolvePaths(env: Env = {}, overrides: { sessionStore?: string; logFile?: string } = {}): OpenClawPaths {
  const stateDir = resolveStateDir(env);
  const sessionStorePath = overrides.sessionStore
    ? expandHomePrefix(overrides.sessionStore, env)
    : path.join(stateDir, SESSION_STORE_RELATIVE_PATH);
  return {
    home: resolveHomeDir(env),
    stateDir,
    configPath: resolveConfigPath(env),
    sessionStorePath,
    sessionsDir: path.dirname(sessionStorePath),
    logFile: overrides.logFile ? expandHomePrefix(overrides.logFile, env) : path.join(stateDir, LOG_FILE_RELATIVE_PATH),
  };
}

/** The state dir holds tokens, transcripts, pairing codes and logs: owner only. */
export const STATE_DIR_MODE = 0o700;

/**
 * Creates `stateDir` (and missing parents) with mode 0700 and narrows an existing one to 0700, also
 * one the user chose with OPENCLAW_STATE_DIR (it is the gateway's own folder, holding its secrets);
 * throws what mkdir or chmod throw, with the real code (EROFS, EACCES…) rather than ENOENT.
 */
export async function ensurePrivateStateDir(stateDir: string): Promise<void> {
  await ensureDir(stateDir, { mode: STATE_DIR_MODE });
  // mkdir's mode applies to new folders only: one created by an older version, or by hand, is narrowed here.
  await chmod(stateDir, STATE_DIR_MODE);
}

/** Creates the state dir (mode 0700; an existing one is narrowed to 0700) and returns its path. */
export async function ensureStateDir(env: Env = {}): Promise<string> {
  const stateDir = resolveStateDir(env);
  await ensurePrivateStateDir(stateDir);
  return stateDir;
}

export { DEFAULT_GATEWAY_PORT };
