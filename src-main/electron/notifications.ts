// Electron wiring for native notifications: notification-policy.ts decides what to show and gates
// repeats; this shows them and routes their buttons.
import { Notification } from 'electron';
import { resolveNotificationGate, type DesktopNotification, type NotificationAction } from './notification-policy.js';

export interface NotificationsHandle {
  /** Shows the candidates that pass the de-duplication gate. */
  show(candidates: readonly DesktopNotification[]): void;
}

/** Sets up native notifications; onAction runs a button (or, for a click, the first open_dashboard action). */
export function setupNotifications(options: { now: () => number; onAction: (action: NotificationAction) => void }): NotificationsHandle {
  let shown = new Map<string, number>();
  // Electron drops a Notification nothing references (and with it its click and action events):
  // each is held here until it is clicked or closed.
  const alive = new Set<Notification>();
  return {
    show(candidates) {
      if (!Notification.isSupported()) return;
      const gate = resolveNotificationGate(candidates, shown, options.now());
      shown = gate.shown;
      for (const candidate of gate.show) {
        const notification = new Notification({
          title: candidate.title,
          body: candidate.body,
          actions: candidate.actions.map((action) => ({ type: 'button' as const, text: action.kind === 'approve_pairing' ? 'Approve' : 'Open' })),
        });
        const release = (): void => {
          alive.delete(notification);
        };
        notification.on('action', (details) => {
          const action = candidate.actions[details.actionIndex];
          if (action) options.onAction(action);
        });
        notification.on('click', () => {
          release();
          const open = candidate.actions.find((action) => action.kind === 'open_dashboard');
          if (open) options.onAction(open);
        });
        notification.on('close', release);
        notification.on('failed', release);
        alive.add(notification);
        notification.show();
      }
    },
  };
}
