import type { DesktopConfig } from '../../src-shared/config/schema.js';
import type { RuntimeEvent, RuntimeStatus } from '../../src-shared/protocol/runtime-status.js';
import type { UpdateState } from '../../src-shared/desktop-update.js';
import { PairingRequestedEventSchema } from '../../src-shared/telegram/protocol.js';

// What deserves a native notification, and the de-duplication that keeps a flapping bot from
// turning into a storm, as pure functions; notifications.ts shows them with Electron.

/** The same notification (same key) is not shown again within 15 minutes. */
export const NOTIFICATION_REPEAT_MS = 15 * 60 * 1000;

export type NotificationAction = { kind: 'approve_pairing'; code: string; account_id: string } | { kind: 'open_dashboard'; path: string };

export interface DesktopNotification {
  /** Identifies "the same thing happening again" for de-duplication. */
  key: string;
  title: string;
  body: string;
  /** Buttons (macOS and Windows show them), the first also being what a click on the notification does when it is `open_dashboard`. */
  actions: NotificationAction[];
}

type NotificationSettings = DesktopConfig['notifications'];

const MAX_REASON_CHARS = 160;

function shorten(text: string): string {
  const line = (text.split(/\r?\n/, 1)[0] ?? '').trim();
  return line.length > MAX_REASON_CHARS ? `${line.slice(0, MAX_REASON_CHARS - 1)}…` : line;
}

/** Returns the notifications a gateway event asks for: a Telegram pairing request ("@name wants to talk to your assistant"). */
export function resolveEventNotifications(event: RuntimeEvent, settings: NotificationSettings): DesktopNotification[] {
  if (event.type !== 'event' || event.event !== 'pairing.requested' || !settings.pairing_requests) return [];
  const parsed = PairingRequestedEventSchema.safeParse(event.params);
  if (!parsed.success) return [];
  const { request } = parsed.data;
  const who = request.username ? `@${request.username}` : (request.name ?? `Telegram user ${request.user_id}`);
  return [
    {
      key: `pairing:${request.account_id}:${request.user_id}`,
      title: `${who} wants to talk to your assistant`,
      body: `Pairing code ${request.code}. Approve to let them chat with OpenClaw on Telegram.`,
      actions: [
        { kind: 'approve_pairing', code: request.code, account_id: request.account_id },
        { kind: 'open_dashboard', path: '/channels' },
      ],
    },
  ];
}

/**
 * Returns the notifications a status change asks for: the gateway failing (on entering `failed`)
 * and each bot entering `failed`, with the reason; nothing for the states in between, so a bot
 * going failed → retrying → failed notifies each time it fails, and the gate below dedupes.
 */
export function resolveStatusNotifications(previous: RuntimeStatus, next: RuntimeStatus, settings: NotificationSettings): DesktopNotification[] {
  const out: DesktopNotification[] = [];
  if (next.state === 'failed' && previous.state !== 'failed' && settings.gateway_failures) {
    out.push({ key: `gateway:${next.code}`, title: 'OpenClaw gateway failed', body: shorten(next.reason), actions: [{ kind: 'open_dashboard', path: '/' }] });
  }
  if (next.state === 'running' && next.telegram && settings.bot_failures) {
    const before = previous.state === 'running' ? (previous.telegram?.bots ?? []) : [];
    for (const bot of next.telegram.bots) {
      if (bot.state !== 'failed' || before.some((old) => old.account_id === bot.account_id && old.state === 'failed')) continue;
      const name = bot.username ? `@${bot.username}` : bot.account_id;
      out.push({
        key: `bot:${bot.account_id}`,
        title: `Telegram bot ${name} failed`,
        body: shorten(bot.reason ?? 'no reason given'),
        actions: [{ kind: 'open_dashboard', path: '/channels' }],
      });
    }
  }
  return out;
}

/** Returns the notification for an update that just became ready, once per version. */
export function resolveUpdateNotifications(previous: UpdateState, next: UpdateState, settings: NotificationSettings): DesktopNotification[] {
  if (next.state !== 'ready' || previous.state === 'ready' || !settings.update_ready) return [];
  return [{ key: `update:${next.version}`, title: `OpenClaw Desktop ${next.version} is ready`, body: 'It installs when you quit, or choose "Restart to update" in the tray.', actions: [] }];
}

/**
 * Gates notifications by key: one whose key was shown within repeatMs is dropped. Returns what to
 * show and the new record of when each key was last shown (the record is never mutated).
 */
export function resolveNotificationGate(
  candidates: readonly DesktopNotification[],
  shown: ReadonlyMap<string, number>,
  now: number,
  repeatMs = NOTIFICATION_REPEAT_MS,
): { show: DesktopNotification[]; shown: Map<string, number> } {
  const next = new Map([...shown].filter(([, at]) => now - at < repeatMs));
  const show: DesktopNotification[] = [];
  for (const candidate of candidates) {
    if (next.has(candidate.key)) continue;
    next.set(candidate.key, now);
    show.push(candidate);
  }
  return { show, shown: next };
}
