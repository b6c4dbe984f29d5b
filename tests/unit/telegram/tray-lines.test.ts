import { describe, expect, it } from 'vitest';
import type { RuntimeStatus } from '../../../src-shared/protocol/runtime-status.js';
import { PRIVACY_MODE_HINT } from '../../../src-main/core/telegram/messages.js';
import { buildTrayMenu, resolveTrayTelegramLines } from '../../../src-main/electron/tray-menu.js';

const running = (telegram?: Extract<RuntimeStatus, { state: 'running' }>['telegram']): RuntimeStatus => ({
  state: 'running',
  url: 'http://127.0.0.1:18789/',
  port: 18789,
  clients: 0,
  ...(telegram ? { telegram } : {}),
});
const noop = () => undefined;
const actions = {
  startGateway: noop,
  stopGateway: noop,
  restartGateway: noop,
  takeOver: noop,
  useAnotherPort: noop,
  restartToUpdate: noop,
  openDashboard: noop,
  copyDashboardUrl: noop,
  openConfigFile: noop,
  openLogsFolder: noop,
  setLaunchAtLogin: noop,
  quit: noop,
};

describe('tray Telegram lines', () => {
  it('show each bot with its state, and the reason when it failed', () => {
    const status = running({
      enabled: true,
      bots: [
        { account_id: 'default', state: 'running', mode: 'polling', username: 'claw_bot', updated_at: 0 },
        { account_id: 'work', state: 'failed', mode: 'polling', reason: 'invalid bot token', updated_at: 0 },
      ],
    });
    expect(resolveTrayTelegramLines(status)).toEqual(['Telegram @claw_bot: running', 'Telegram work: failed: invalid bot token']);
    const menu = buildTrayMenu({ status, launchAtLogin: false, launchAtLoginSupported: false }, actions);
    expect(menu.slice(0, 3).map((item) => [item.id, item.label, item.enabled])).toEqual([
      ['status', 'Gateway running on 127.0.0.1:18789 · 0 clients', false],
      ['telegram-0', 'Telegram @claw_bot: running', false],
      ['telegram-1', 'Telegram work: failed: invalid bot token', false],
    ]);
  });

  it('show the privacy-mode hint of a running bot', () => {
    const status = running({
      enabled: true,
      bots: [{ account_id: 'default', state: 'running', mode: 'polling', username: 'claw_bot', privacy_mode: true, hint: PRIVACY_MODE_HINT, updated_at: 0 }],
    });
    expect(resolveTrayTelegramLines(status)).toEqual([`Telegram @claw_bot: running: ${PRIVACY_MODE_HINT.slice(0, 79)}…`]);
  });

  it('are absent when telegram is off or the gateway is not running', () => {
    expect(resolveTrayTelegramLines(running())).toEqual([]);
    expect(resolveTrayTelegramLines({ state: 'stopped' })).toEqual([]);
  });
});
