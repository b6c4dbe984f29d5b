import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { OpenClawConfig } from '../../../src-shared/config/schema.js';
import type { ConfigFileSnapshot, ConfigIssue } from '../../../src-shared/config/snapshot.js';
import { describeError } from '../../../src-shared/utils/common.js';
import { GatewayStartError } from '../start-error.js';
import { writeFileAtomic } from '../utils/atomic-file.js';
import { startFileWatch, type FileWatchHandle } from '../utils/file-watch.js';
import { ConfigUpdateError, resolveEditedText, resolveIssueLocations, type ConfigEdit } from './config-edit.js';
import { MissingEnvVarError } from './env-substitution.js';
import { formatConfigIssues } from './errors.js';
import { readConfigBytes, readConfigFileState, resolveConfigFileState, resolveConfigHash, type ConfigFileState } from './loader.js';
import type { Env } from './paths.js';

// Editors often save in several steps (truncate, write, rename); changes closer than this are read once.
const CONFIG_SETTLE_MS = 100;

/** The config in effect and what is known about the file behind it. */
export interface LiveConfigSnapshot {
  path: string;
  /** The last good config: the file's, or the defaults when there is no file. */
  config: OpenClawConfig;
  /** sha256 of the file the config came from; null when running on defaults. */
  hash: string | null;
  /** A file was found and loaded; false when running on defaults. */
  loaded: boolean;
  /** The file on disk is valid now; false after an invalid or refused edit (the last good config stays). */
  valid: boolean;
  loadedAt: number;
  /** Why the file on disk is not in effect (empty while valid). */
  issues: ConfigIssue[];
  warnings: ConfigIssue[];
}

/** What subscribers hear: a config taking effect, or a file that could not. */
export type LiveConfigEvent =
  | {
      type: 'applied';
      config: OpenClawConfig;
      previous: OpenClawConfig;
      /** Top-level sections whose value changed (empty when only comments or formatting did, or a bad file was put back). */
      changed: string[];
      hash: string | null;
      warnings: ConfigIssue[];
      source: 'file' | 'update';
    }
  | {
      type: 'invalid';
      issues: ConfigIssue[];
      /** true when the file is valid but `check` refused it (e.g. an unsafe bind). */
      refused: boolean;
    }
  | { type: 'watch_error'; message: string };

/** May return a promise: the next change (and an update's result) waits until every listener has followed this one. */
export type LiveConfigListener = (event: LiveConfigEvent) => void | Promise<void>;

export type { ConfigChange, ConfigEdit, LocatedConfigIssue } from './config-edit.js';
export { ConfigUpdateError } from './config-edit.js';

/** An edit of the file and the `hash` the caller's view came from (null: there was no file); a different file on disk refuses it. */
export type ConfigUpdateRequest = { baseHash: string | null } & ConfigEdit;

export interface LiveConfig {
  /** The config in effect (the last good one). */
  current(): OpenClawConfig;
  snapshot(): LiveConfigSnapshot;
  /** Reads the file now into a full snapshot (never throws); the config in effect does not change. */
  read(): Promise<ConfigFileSnapshot>;
  /** Calls back on every applied or refused change; returns the function that unsubscribes. */
  subscribe(listener: LiveConfigListener): () => void;
  /**
   * Changes keys in the file (keeping its comments and layout (YAML) and its `${VAR}` references) or
   * replaces its text: the result is validated (and `check`ed) first, written atomically (mode 0600,
   * the previous file kept as `<path>.bak`) and applied before this resolves with the new snapshot. Throws ConfigUpdateError `conflict` when the file changed since
   * `baseHash`, `invalid` with the issues, or `write_failed`.
   */
  update(request: ConfigUpdateRequest): Promise<LiveConfigSnapshot>;
  /** update() calls not yet settled (written and applied, or refused). */
  updatesInFlight(): number;
  /** Stops watching; pending reloads and updates finish first. */
  close(): Promise<void>;
}

export interface LiveConfigOptions {
  path: string;
  /** For `${VAR}` substitution. */
  env: Env;
  /** Default Date.now. */
  clock?: () => number;
  /** Refuses a valid config this process cannot apply (e.g. a non-loopback bind without a token); returns the issues. */
  check?: (config: OpenClawConfig) => ConfigIssue[];
  /** Fallback poll for filesystems where fs.watch misses events (default 1,000 ms). */
  pollIntervalMs?: number;
}

/** Explains a config that cannot start with the loader's own error: `Invalid config at PATH:` lines, or the missing variable. */
function resolveStartError(state: ConfigFileState): GatewayStartError {
  const { snapshot, error } = state;
  if (error instanceof MissingEnvVarError) {
    return new GatewayStartError(
      'env_missing',
      `${error.message} (config file ${snapshot.path}); set ${error.varName} in the environment or remove the reference`,
    );
  }
  if (error) return new GatewayStartError('config_invalid', error.message);
  return new GatewayStartError('config_invalid', `Invalid config at ${snapshot.path}:\n${formatConfigIssues(snapshot.issues)}`);
}

/** The top-level sections whose value differs between two configs. */
export function resolveChangedSections(previous: OpenClawConfig, next: OpenClawConfig): string[] {
  const keys = new Set([...Object.keys(previous), ...Object.keys(next)]);
  return [...keys].filter(
    (key) => JSON.stringify((previous as Record<string, unknown>)[key]) !== JSON.stringify((next as Record<string, unknown>)[key]),
  );
}

async function readCurrentBytes(filePath: string): Promise<Buffer | null> {
  // The same guarded read as a reload: a FIFO or a huge file in its place refuses the update.
  const outcome = await readConfigBytes(filePath);
  if (outcome.kind === 'missing') return null;
  if (outcome.kind === 'failed') {
    throw new ConfigUpdateError('write_failed', `Cannot read ${filePath} to update it: ${outcome.error.message}`, [], { cause: outcome.error });
  }
  return outcome.bytes;
}

/**
 * Reads the config file and starts watching it: the handle keeps the last good config, announces
 * every change as `applied` or `invalid` (an invalid or refused file never replaces the config in
 * effect) and is the one place config writes go through. Throws GatewayStartError `config_invalid`
 * or `env_missing` when the file is not usable at start (nothing is watched then).
 */
export async function startLiveConfig(options: LiveConfigOptions): Promise<LiveConfig> {
  const filePath = options.path;
  const clock = options.clock ?? Date.now;
  const listeners = new Set<LiveConfigListener>();
  const initial = await readConfigFileState(filePath, options.env, clock);
  if (!initial.snapshot.config) throw resolveStartError(initial);

  let state: LiveConfigSnapshot = {
    path: filePath,
    config: initial.snapshot.config,
    hash: initial.snapshot.hash,
    loaded: initial.snapshot.exists,
    valid: true,
    loadedAt: initial.snapshot.loaded_at,
    issues: [],
    warnings: initial.snapshot.warnings,
  };
  let closed = false;
  let updating = 0;
  // Reloads and updates run one at a time, so an update's hash check and write see no reload in between.
  let serial: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const run = serial.then(task);
    serial = run.catch(() => undefined);
    return run;
  };

  const announce = async (event: LiveConfigEvent): Promise<void> => {
    // A throwing subscriber must not keep the others (or the file watch) from hearing of the change;
    // each reports its own failures.
    await Promise.allSettled([...listeners].map(async (listener) => listener(event)));
  };

  const refuse = (issues: ConfigIssue[], refused: boolean): Promise<void> => {
    state = { ...state, valid: false, issues };
    return announce({ type: 'invalid', issues, refused });
  };

  /** Takes a snapshot read from disk (or written by update) into effect, or refuses it. */
  const accept = async (snapshot: ConfigFileSnapshot, source: 'file' | 'update'): Promise<void> => {
    if (!snapshot.valid || !snapshot.config) return refuse(snapshot.issues, false);
    const wasValid = state.valid;
    if (snapshot.hash === state.hash && snapshot.exists === state.loaded) {
      state = { ...state, valid: true, issues: [] };
      // The file went bad and came back byte for byte: clients still show the issues until told.
      if (!wasValid) await announce({ type: 'applied', config: state.config, previous: state.config, changed: [], hash: state.hash, warnings: state.warnings, source });
      return;
    }
    const refusal = options.check?.(snapshot.config) ?? [];
    if (refusal.length > 0) return refuse(refusal, true);
    const previous = state.config;
    state = {
      path: filePath,
      config: snapshot.config,
      hash: snapshot.hash,
      loaded: snapshot.exists,
      valid: true,
      loadedAt: snapshot.loaded_at,
      issues: [],
      warnings: snapshot.warnings,
    };
    await announce({ type: 'applied', config: state.config, previous, changed: resolveChangedSections(previous, state.config), hash: state.hash, warnings: state.warnings, source });
  };

  const reload = (): Promise<void> =>
    enqueue(async () => {
      const { snapshot } = await readConfigFileState(filePath, options.env, clock);
      await accept(snapshot, 'file');
    });

  const watch: FileWatchHandle = await startFileWatch(filePath, {
    onChange: reload,
    onError: (error) => void announce({ type: 'watch_error', message: `Config watch ${filePath}: ${describeError(error)}` }),
    pollIntervalMs: options.pollIntervalMs,
    coalesceMs: CONFIG_SETTLE_MS,
  });

  return {
    current: () => state.config,
    snapshot: () => state,
    read: async () => (await readConfigFileState(filePath, options.env, clock)).snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    updatesInFlight: () => updating,
    update(request) {
      if (closed) return Promise.reject(new ConfigUpdateError('write_failed', `The gateway is stopping; ${filePath} was not changed`));
      updating += 1;
      const done = (): void => {
        updating -= 1;
      };
      const written = enqueue(async () => {
        const bytes = await readCurrentBytes(filePath);
        if ((bytes === null ? null : resolveConfigHash(bytes)) !== request.baseHash) {
          throw new ConfigUpdateError('conflict', `${filePath} changed since it was read; reload the settings and make the change again`);
        }
        const nextText = resolveEditedText(filePath, bytes === null ? null : bytes.toString('utf8'), request);
        const next = resolveConfigFileState(filePath, Buffer.from(nextText), options.env, clock).snapshot;
        if (!next.valid || !next.config) {
          // The raw editor places each issue on its line; a form edit names the field.
          const issues = 'raw' in request ? resolveIssueLocations(nextText, next.issues) : next.issues;
          throw new ConfigUpdateError('invalid', `The change would make ${filePath} invalid; nothing was written:\n${formatConfigIssues(next.issues)}`, issues);
        }
        const refusal = options.check?.(next.config) ?? [];
        if (refusal.length > 0) {
          throw new ConfigUpdateError('invalid', `The change was refused; nothing was written:\n${formatConfigIssues(refusal)}`, refusal);
        }
        try {
          await mkdir(path.dirname(filePath), { recursive: true, mode: 0o700 });
          // A config kept in a dotfiles folder and linked here stays linked: the write goes to the
          // file the link names (a rename over the link would replace it with a plain file).
          const target = await realpath(filePath).catch((error: unknown) => {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') return filePath;
            throw error;
          });
          // One step back is kept, for a person who regrets a save made from the dashboard.
          if (bytes !== null) await writeFileAtomic(`${target}.bak`, bytes, { mode: 0o600 });
          await writeFileAtomic(target, nextText, { mode: 0o600 });
        } catch (error) {
          throw new ConfigUpdateError('write_failed', `Could not write ${filePath}: ${describeError(error)}`, [], { cause: error });
        }
        await accept(next, 'update');
        return state;
      });
      written.then(done, done);
      return written;
    },
    async close() {
      closed = true;
      await watch.close();
      await serial;
      listeners.clear();
    },
  };
}
