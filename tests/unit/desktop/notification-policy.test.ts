import { describe, expect, it } from 'vitest';
import { DesktopConfigSchema } from '../../../src-shared/config/schema.js';
import type { RuntimeStatus } from '../../../src-shared/protocol/runtime-status.js';
import type { TelegramBotStatus } from '../../../src-shared/telegram/status.js';
import {
  NOTIFICATION_REPEAT_MS,
  resolveEventNotifications,
  resolveNotificationGate,
  resolveStatusNotifications,
  resolveUpdateNotifications,
  type DesktopNotification,
} from '../../../src-main/electron/notification-policy.js';

const ALL_ON = DesktopConfigSchema.parse({}).notifications;
const request = { code: 'ABCD2345', channel: 'telegram', account_id: 'default', user_id: '42', username: 'ada', created_at: 1, expires_at: 2 } as const;

function running(bots: Array<Partial<TelegramBotStatus> & { account_id: string; state: TelegramBotStatus['state'] }>): RuntimeStatus {
  return {
    state: 'running',
    url: 'http://127.0.0.1:18789/',
    port: 18789,
    clients: 0,
    telegram: { enabled: true, bots: bots.map((bot) => ({ mode: 'polling', updated_at: 0, ...bot })) },
  };
}

describe('what notifies', () => {
  it('a pairing request: "@name wants to talk to your assistant" with Approve and Open', () => {
    const [notification] = resolveEventNotifications({ type: 'event', event: 'pairing.requested', params: { request } }, ALL_ON);
    expect(notification).toEqual({
      key: 'pairing:default:42',
      title: '@ada wants to talk to your assistant',
      body: 'Pairing code ABCD2345. Approve to let them chat with OpenClaw on Telegram.',
      actions: [
        { kind: 'approve_pairing', code: 'ABCD2345', account_id: 'default' },
        { kind: 'open_dashboard', path: '/channels' },
      ],
    });
    expect(resolveEventNotifications({ type: 'event', event: 'pairing.requested', params: { request } }, { ...ALL_ON, pairing_requests: false })).toEqual([]);
    expect(resolveEventNotifications({ type: 'event', event: 'pairing.requested', params: { bogus: true } }, ALL_ON)).toEqual([]);
  });

  it('the gateway failing, with the reason, once on entering failed', () => {
    const failed: RuntimeStatus = { state: 'failed', code: 'config_invalid', reason: 'Invalid config at /x.yaml:\n  - gateway.port: too big' };
    expect(resolveStatusNotifications({ state: 'starting' }, failed, ALL_ON)).toEqual([
      { key: 'gateway:config_invalid', title: 'OpenClaw gateway failed', body: 'Invalid config at /x.yaml:', actions: [{ kind: 'open_dashboard', path: '/' }] },
    ]);
    expect(resolveStatusNotifications(failed, failed, ALL_ON)).toEqual([]);
    expect(resolveStatusNotifications({ state: 'starting' }, failed, { ...ALL_ON, gateway_failures: false })).toEqual([]);
  });

  it('a bot failing, with the reason; a bot that stays failed does not notify again', () => {
    const before = running([{ account_id: 'default', state: 'running', username: 'claw_bot' }]);
    const after = running([{ account_id: 'default', state: 'failed', username: 'claw_bot', reason: 'invalid bot token' }]);
    expect(resolveStatusNotifications(before, after, ALL_ON)).toEqual([
      { key: 'bot:default', title: 'Telegram bot @claw_bot failed', body: 'invalid bot token', actions: [{ kind: 'open_dashboard', path: '/channels' }] },
    ]);
    expect(resolveStatusNotifications(after, after, ALL_ON)).toEqual([]);
    expect(resolveStatusNotifications(before, after, { ...ALL_ON, bot_failures: false })).toEqual([]);
  });

  it('an update ready, once per version', () => {
    const ready = { state: 'ready', version: '0.2.0' } as const;
    expect(resolveUpdateNotifications({ state: 'downloading', version: '0.2.0', percent: 99 }, ready, ALL_ON)).toMatchObject([{ key: 'update:0.2.0', title: 'OpenClaw Desktop 0.2.0 is ready' }]);
    expect(resolveUpdateNotifications(ready, ready, ALL_ON)).toEqual([]);
    expect(resolveUpdateNotifications({ state: 'idle' }, ready, { ...ALL_ON, update_ready: false })).toEqual([]);
  });
});

describe('de-duplication', () => {
  it('a bot flapping failed → retrying → failed for an hour notifies once per 15 minutes, not once per flap', () => {
    const up = running([{ account_id: 'default', state: 'retrying', reason: 'cannot reach the Bot API' }]);
    const down = running([{ account_id: 'default', state: 'failed', reason: 'invalid bot token' }]);
    let shown = new Map<string, number>();
    const notified: number[] = [];
    for (let minute = 0; minute < 60; minute++) {
      const now = minute * 60_000;
      const gate = resolveNotificationGate(resolveStatusNotifications(up, down, ALL_ON), shown, now);
      shown = gate.shown;
      if (gate.show.length > 0) notified.push(minute);
    }
    expect(notified).toEqual([0, 15, 30, 45]);
    expect(NOTIFICATION_REPEAT_MS).toBe(15 * 60_000);
  });

  it('different keys pass the gate together, and the given record is left as it was', () => {
    const a: DesktopNotification = { key: 'a', title: 'A', body: '', actions: [] };
    const b: DesktopNotification = { key: 'b', title: 'B', body: '', actions: [] };
    const record = new Map([['a', 0]]);
    const gate = resolveNotificationGate([a, b, b], record, 1_000);
    expect(gate.show).toEqual([b]);
    expect([...record]).toEqual([['a', 0]]);
    expect([...gate.shown]).toEqual([['a', 0], ['b', 1_000]]);
  });
});
