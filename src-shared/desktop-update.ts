import { z } from 'zod';

// The desktop app's update state, as the tray and the dashboard's Settings show it.

export const UpdateStateSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('disabled'), reason: z.string().describe('Why updates are off: development build, no feed, desktop.update.auto') }),
  z.object({ state: z.literal('idle') }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('up_to_date'), checked_at: z.number().int().describe('Epoch ms of the last check') }),
  z.object({ state: z.literal('available'), version: z.string() }),
  z.object({ state: z.literal('downloading'), version: z.string(), percent: z.number().min(0).max(100) }),
  z.object({ state: z.literal('ready'), version: z.string().describe('Installs when the app quits, or now with "Restart to update"') }),
  z.object({ state: z.literal('failed'), reason: z.string() }),
]);
export type UpdateState = z.infer<typeof UpdateStateSchema>;

/** What the app remembers across the restart that installs an update (written when a download is ready). */
export const UpdateMarkerSchema = z.object({
  from: z.string().describe('The version that downloaded the update'),
  to: z.string().describe('The version downloaded'),
});
export type UpdateMarker = z.infer<typeof UpdateMarkerSchema>;

/** Returns the line Settings shows for an update state: "Checking for updates…", "Downloading 1.2.0: 42 %", … */
export function formatUpdateState(update: UpdateState): string {
  switch (update.state) {
    case 'disabled':
      return `Updates are off: ${update.reason}`;
    case 'idle':
      return 'Not checked yet';
    case 'checking':
      return 'Checking for updates…';
    case 'up_to_date':
      return 'Up to date';
    case 'available':
      return `Version ${update.version} is available`;
    case 'downloading':
      return `Downloading ${update.version}: ${Math.round(update.percent)} %`;
    case 'ready':
      return `Version ${update.version} is ready: it installs when you quit, or choose "Restart to update"`;
    case 'failed':
      return `Update failed: ${update.reason}`;
  }
}
