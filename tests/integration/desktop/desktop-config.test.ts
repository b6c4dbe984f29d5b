// The desktop.* section the app keeps in memory, over a real runtime and a real config file: chat
// tokens, session changes and other reloads cost no read; a desktop.* change or a fresh start does.
import { afterEach, describe, expect, it } from 'vitest';
import { DesktopConfigSchema, type DesktopConfig } from '../../../src-shared/config/schema.js';
import { readConfigFileSnapshot } from '../../../src-main/core/config/loader.js';
import { isDesktopConfigChange, startDesktopConfig } from '../../../src-main/electron/desktop-config.js';
import { sessionEntry, startTestGateway, waitFor, type TestGateway } from '../gateway/helpers.js';

describe('the desktop settings in memory', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(config = 'logging:\n  level: info\n') {
    const gateway: TestGateway = await startTestGateway({ config });
    cleanups.push(() => gateway.close());
    let reads = 0;
    const errors: string[] = [];
    const disk = { unreadable: false };
    const read = async (): Promise<DesktopConfig> => {
      reads += 1;
      // Stands in for the disk failing under the app (the gateway itself has the file in memory).
      if (disk.unreadable) throw new Error(`EIO: i/o error, open '${gateway.state.configPath}'`);
      const snapshot = await readConfigFileSnapshot(gateway.state.configPath, gateway.state.env);
      if (!snapshot.valid || !snapshot.config) throw new Error(`${gateway.state.configPath} is invalid`);
      return snapshot.config.desktop;
    };
    const desktop = startDesktopConfig({ initial: await read(), read, onEvent: (listener) => gateway.runtime.onEvent(listener), log: { error: (m) => errors.push(m) } });
    cleanups.push(() => desktop.close());
    const changes: Array<{ next: DesktopConfig; previous: DesktopConfig }> = [];
    desktop.onChange((next, previous) => changes.push({ next, previous }));
    reads = 0;
    return { gateway, desktop, changes, errors, disk, reads: () => reads };
  }

  const seen = (gateway: TestGateway, name: string) => gateway.events.filter((event) => event.type === 'event' && event.event === name).length;

  it('reads nothing for session changes or a reload of other sections; a desktop.* change is read once and announced', async () => {
    const { gateway, desktop, changes, reads } = await setup();
    await gateway.state.writeStore({ 'agent:main:a': sessionEntry('s1') });
    await waitFor(() => seen(gateway, 'session.updated') > 0, 5_000, 'session.updated');
    await gateway.state.writeConfig('logging:\n  level: debug\n');
    await waitFor(() => seen(gateway, 'config.reloaded') === 1, 5_000, 'the logging change reloaded');
    // The reload of another section is the later marker: nothing was read for anything before it.
    expect(reads()).toBe(0);

    await gateway.state.writeConfig('logging:\n  level: debug\ndesktop:\n  quick_chat_shortcut: Ctrl+Alt+K\n  update:\n    auto: false\n');
    await waitFor(() => changes.length === 1, 5_000, 'the desktop change announced');
    expect(reads()).toBe(1);
    expect(desktop.current()).toMatchObject({ quick_chat_shortcut: 'Ctrl+Alt+K', update: { auto: false } });
    expect(changes[0]?.previous).toEqual(DesktopConfigSchema.parse({}));
  });

  it('reads again when the gateway starts (the file may have changed while it was stopped), announcing only a real change', async () => {
    const { gateway, desktop, changes, reads } = await setup();
    await gateway.runtime.stop();
    await gateway.runtime.start();
    await waitFor(() => reads() === 1, 5_000, 'the read at start');
    await gateway.runtime.stop();
    await gateway.state.writeConfig('desktop:\n  notifications:\n    bot_failures: false\n');
    await gateway.runtime.start();
    await waitFor(() => changes.length === 1, 5_000, 'the change made while stopped');
    expect(reads()).toBe(2);
    expect(desktop.current().notifications.bot_failures).toBe(false);
  });

  it('a read that fails keeps the settings in effect and says so', async () => {
    const { gateway, desktop, errors, disk } = await setup('desktop:\n  quick_chat_shortcut: Ctrl+Alt+K\n');
    await gateway.runtime.stop();
    disk.unreadable = true;
    await gateway.runtime.start();
    await waitFor(() => errors.length === 1, 5_000, 'the failed read reported');
    expect(errors[0]).toBe(`Could not re-read the desktop settings; keeping the ones in effect: EIO: i/o error, open '${gateway.state.configPath}'`);
    expect(desktop.current().quick_chat_shortcut).toBe('Ctrl+Alt+K');
  });

  it('only config.reloaded naming desktop, or the gateway coming up, asks for a read', () => {
    const event = (name: string, params: Record<string, unknown>) => ({ type: 'event' as const, event: name, params });
    expect(isDesktopConfigChange(event('chat.delta', { run_id: 'r', text: 'x' }), true)).toBe(false);
    expect(isDesktopConfigChange(event('config.reloaded', { path: '/c', hash: null, changed: ['logging'], restarted: false }), true)).toBe(false);
    expect(isDesktopConfigChange(event('config.reloaded', { path: '/c', hash: null, changed: ['desktop'], restarted: false }), true)).toBe(true);
    expect(isDesktopConfigChange(event('config.reloaded', { changed: 'desktop' }), true)).toBe(false);
    const running = { type: 'status' as const, status: { state: 'running' as const, url: 'http://127.0.0.1:1/', port: 1, clients: 0 } };
    expect(isDesktopConfigChange(running, false)).toBe(true);
    expect(isDesktopConfigChange(running, true)).toBe(false);
  });
});
