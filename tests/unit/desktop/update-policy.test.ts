import { describe, expect, it } from 'vitest';
import { DesktopConfigSchema } from '../../../src-shared/config/schema.js';
import {
  compareVersions,
  resolveCheckResult,
  resolveNextCheckAt,
  resolvePostUpdateOutcome,
  resolveRestartToUpdate,
  resolveUpdateSettings,
  resolveUpdateTrayVersion,
  UPDATE_CHECK_INTERVAL_MS,
} from '../../../src-main/electron/update-policy.js';

const defaults = DesktopConfigSchema.parse({}).update;
const FEED = 'https://updates.example.test/desktop';

describe('update policy', () => {
  it('uses desktop.update.url over the built-in feed, and is off in a development build without one', () => {
    expect(resolveUpdateSettings({ config: defaults, builtInUrl: FEED, packaged: true })).toEqual({ enabled: true, url: FEED, channel: 'stable', auto: true });
    const override = { ...defaults, url: 'http://127.0.0.1:9/feed', channel: 'beta' as const };
    expect(resolveUpdateSettings({ config: override, builtInUrl: FEED, packaged: true })).toMatchObject({ url: 'http://127.0.0.1:9/feed', channel: 'beta' });
    expect(resolveUpdateSettings({ config: defaults, builtInUrl: undefined, packaged: false })).toMatchObject({ enabled: false, reason: expect.stringContaining('development build') });
    expect(resolveUpdateSettings({ config: defaults, builtInUrl: undefined, packaged: true })).toMatchObject({ enabled: false, reason: expect.stringContaining('no update feed') });
  });

  it('checks at launch and every 4 hours after, and never on its own when desktop.update.auto is false', () => {
    const settings = resolveUpdateSettings({ config: defaults, builtInUrl: FEED, packaged: true });
    expect(resolveNextCheckAt({ settings, lastCheckAt: undefined, now: 1_000 })).toBe(1_000);
    expect(resolveNextCheckAt({ settings, lastCheckAt: 5_000, now: 6_000 })).toBe(5_000 + UPDATE_CHECK_INTERVAL_MS);
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(4 * 60 * 60 * 1000);
    const manual = resolveUpdateSettings({ config: { ...defaults, auto: false }, builtInUrl: FEED, packaged: true });
    expect(resolveNextCheckAt({ settings: manual, lastCheckAt: undefined, now: 1_000 })).toBeUndefined();
  });

  it('compares versions by semver precedence, pre-releases below their release', () => {
    expect(compareVersions('1.2.10', '1.2.9')).toBeGreaterThan(0);
    expect(compareVersions('1.3.0-beta.2', '1.3.0-beta.10')).toBeLessThan(0);
    expect(compareVersions('1.3.0-beta.1', '1.3.0')).toBeLessThan(0);
    expect(compareVersions('1.3.0', '1.3.0')).toBe(0);
    expect(resolveCheckResult({ feedVersion: '0.2.0', currentVersion: '0.1.0', now: 7 })).toEqual({ state: 'available', version: '0.2.0' });
    expect(resolveCheckResult({ feedVersion: '0.1.0', currentVersion: '0.1.0', now: 7 })).toEqual({ state: 'up_to_date', checked_at: 7 });
  });

  it('never restarts to update while an agent run (a stateless /v1 stream too) or a config write is in flight', () => {
    const ready = { state: 'ready', version: '0.2.0' } as const;
    expect(resolveRestartToUpdate(ready, { runs: 0, configWrites: 0 })).toEqual({ action: 'install' });
    expect(resolveRestartToUpdate(ready, { runs: 2, configWrites: 0 })).toEqual({ action: 'wait', reason: '2 replies are still being written; the update installs once it is done' });
    expect(resolveRestartToUpdate(ready, { runs: 0, configWrites: 1 })).toMatchObject({ action: 'wait', reason: expect.stringContaining('config change') });
    expect(resolveRestartToUpdate({ state: 'downloading', version: '0.2.0', percent: 40 }, { runs: 0, configWrites: 0 })).toMatchObject({ action: 'wait' });
  });

  it('offers "Restart to update" in the tray only for a downloaded update', () => {
    expect(resolveUpdateTrayVersion({ state: 'ready', version: '0.2.0' })).toBe('0.2.0');
    expect(resolveUpdateTrayVersion({ state: 'available', version: '0.2.0' })).toBeUndefined();
  });

  it('after an update, a gateway that fails to start is shown once with the config untouched, and auto updates pause', () => {
    const marker = { from: '0.1.0', to: '0.2.0' };
    expect(resolvePostUpdateOutcome({ marker, currentVersion: '0.2.0', gatewayFailure: undefined })).toEqual({ kind: 'updated', from: '0.1.0', to: '0.2.0' });
    expect(resolvePostUpdateOutcome({ marker, currentVersion: '0.2.0', gatewayFailure: 'Invalid config at /x.yaml' })).toEqual({
      kind: 'failed_after_update',
      from: '0.1.0',
      to: '0.2.0',
      message: 'Updated from 0.1.0 to 0.2.0, but the gateway did not start: Invalid config at /x.yaml. Your config file was not changed; automatic updates are paused until the next launch.',
    });
    // The install did not happen (still the old version), or there was no update at all: nothing to say.
    expect(resolvePostUpdateOutcome({ marker, currentVersion: '0.1.0', gatewayFailure: 'x' })).toEqual({ kind: 'none' });
    expect(resolvePostUpdateOutcome({ marker: undefined, currentVersion: '0.2.0', gatewayFailure: 'x' })).toEqual({ kind: 'none' });
  });
});
