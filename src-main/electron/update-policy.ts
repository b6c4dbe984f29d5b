import type { DesktopConfig, UpdateChannel } from '../../src-shared/config/schema.js';
import type { RuntimeActivity } from '../core/runtime-types.js';
import type { UpdateMarker, UpdateState } from '../../src-shared/desktop-update.js';

// When to check for updates, whether a downloaded one may install now, and what the tray says,
// as pure functions of the settings, the clock and what the gateway is doing.

/** A check at launch, then every 4 hours while desktop.update.auto is on. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

export type UpdateSettings =
  | { enabled: false; reason: string }
  | { enabled: true; url: string; channel: UpdateChannel; auto: boolean };

/**
 * Resolves where updates come from: desktop.update.url, else the feed built into a packaged app
 * (electron-builder.yml's `publish`); disabled, with the reason, in a development build without an
 * override or when no feed is known.
 */
export function resolveUpdateSettings(options: { config: DesktopConfig['update']; builtInUrl: string | undefined; packaged: boolean }): UpdateSettings {
  const { config } = options;
  if (config.url !== undefined) return { enabled: true, url: config.url, channel: config.channel, auto: config.auto };
  if (!options.packaged) return { enabled: false, reason: 'this is a development build (set desktop.update.url to test a feed)' };
  if (options.builtInUrl === undefined) return { enabled: false, reason: 'this build has no update feed (publish in electron-builder.yml, or desktop.update.url)' };
  return { enabled: true, url: options.builtInUrl, channel: config.channel, auto: config.auto };
}

/** When the next automatic check is due (epoch ms): now at launch, then UPDATE_CHECK_INTERVAL_MS after the last; undefined when auto is off. */
export function resolveNextCheckAt(options: { settings: UpdateSettings; lastCheckAt: number | undefined; now: number }): number | undefined {
  if (!options.settings.enabled || !options.settings.auto) return undefined;
  return options.lastCheckAt === undefined ? options.now : options.lastCheckAt + UPDATE_CHECK_INTERVAL_MS;
}

/** Compares two versions (`1.2.3`, `1.3.0-beta.1`) by semver precedence: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const split = (version: string) => {
    const [core = '', pre] = version.split('-', 2);
    return { core: core.split('.').map((part) => Number(part) || 0), pre: pre === undefined ? [] : pre.split('.') };
  };
  const left = split(a);
  const right = split(b);
  for (let i = 0; i < 3; i++) {
    const diff = (left.core[i] ?? 0) - (right.core[i] ?? 0);
    if (diff !== 0) return diff;
  }
  // A release outranks its pre-releases.
  if (left.pre.length === 0 || right.pre.length === 0) return right.pre.length - left.pre.length;
  for (let i = 0; i < Math.max(left.pre.length, right.pre.length); i++) {
    const l = left.pre[i];
    const r = right.pre[i];
    if (l === undefined || r === undefined) return l === undefined ? -1 : 1;
    if (l === r) continue;
    const ln = /^\d+$/.test(l) ? Number(l) : undefined;
    const rn = /^\d+$/.test(r) ? Number(r) : undefined;
    if (ln !== undefined && rn !== undefined) return ln - rn;
    if (ln !== undefined || rn !== undefined) return ln !== undefined ? -1 : 1;
    return l < r ? -1 : 1;
  }
  return 0;
}

/** The state after a check found `feedVersion`: `available` when it is newer than the running version, else `up_to_date`. */
export function resolveCheckResult(options: { feedVersion: string; currentVersion: string; now: number }): UpdateState {
  return compareVersions(options.feedVersion, options.currentVersion) > 0
    ? { state: 'available', version: options.feedVersion }
    : { state: 'up_to_date', checked_at: options.now };
}

export type RestartDecision = { action: 'install' } | { action: 'wait'; reason: string };

/** Decides "Restart to update" from the runtime's activity(): installs only with an update ready and no agent run nor config write in flight; otherwise says what it waits for. */
export function resolveRestartToUpdate(update: UpdateState, activity: RuntimeActivity): RestartDecision {
  if (update.state !== 'ready') return { action: 'wait', reason: 'no update is ready' };
  if (activity.runs > 0) {
    const replies = activity.runs === 1 ? 'a reply is' : `${activity.runs} replies are`;
    return { action: 'wait', reason: `${replies} still being written; the update installs once it is done` };
  }
  if (activity.configWrites > 0) return { action: 'wait', reason: 'a config change is being saved; the update installs once it is done' };
  return { action: 'install' };
}

/** The version the tray offers "Restart to update to vX" for; undefined unless an update is ready. */
export function resolveUpdateTrayVersion(update: UpdateState): string | undefined {
  return update.state === 'ready' ? update.version : undefined;
}

export type PostUpdateOutcome =
  | { kind: 'none' }
  | { kind: 'updated'; from: string; to: string }
  | { kind: 'failed_after_update'; from: string; to: string; message: string };

/**
 * Judges the first gateway start after an update: nothing to say without a marker for this
 * version; a failure is shown once, saying the config file was not touched, and automatic
 * updates pause for this run so a broken update is not reinstalled in a loop.
 */
export function resolvePostUpdateOutcome(options: {
  marker: UpdateMarker | undefined;
  currentVersion: string;
  gatewayFailure: string | undefined;
}): PostUpdateOutcome {
  const { marker } = options;
  if (marker === undefined || marker.to !== options.currentVersion) return { kind: 'none' };
  if (options.gatewayFailure === undefined) return { kind: 'updated', from: marker.from, to: marker.to };
  return {
    kind: 'failed_after_update',
    from: marker.from,
    to: marker.to,
    message:
      `Updated from ${marker.from} to ${marker.to}, but the gateway did not start: ${options.gatewayFailure}. ` +
      'Your config file was not changed; automatic updates are paused until the next launch.',
  };
}
