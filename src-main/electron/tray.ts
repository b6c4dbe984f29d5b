// Electron wiring for the tray: rebuilds menu, tooltip and icon from tray-menu.ts on every change.
import { Menu, nativeImage, Tray } from 'electron';
import { buildTrayMenu, resolveTrayTooltip, type TrayMenuActions, type TrayMenuState } from './tray-menu.js';

export interface TrayHandle {
  update(state: TrayMenuState): void;
  close(): Promise<void>;
}

/**
 * Creates the tray icon for the initial state. The caller keeps the handle alive for the app's
 * lifetime (a garbage-collected Tray disappears from the menu bar). On Windows a click opens the
 * dashboard; elsewhere it shows the menu.
 */
export function setupTray(options: {
  state: TrayMenuState;
  actions: TrayMenuActions;
  resolveIconPath: (state: TrayMenuState) => string;
  platform: NodeJS.Platform;
}): TrayHandle {
  const iconFor = (state: TrayMenuState) => nativeImage.createFromPath(options.resolveIconPath(state));
  const tray = new Tray(iconFor(options.state));
  if (options.platform === 'darwin') tray.setIgnoreDoubleClickEvents(true);
  if (options.platform === 'win32') tray.on('click', () => options.actions.openDashboard());

  function render(state: TrayMenuState): void {
    tray.setImage(iconFor(state));
    tray.setToolTip(resolveTrayTooltip(state.status));
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(state, options.actions)));
  }
  render(options.state);

  return {
    update(state) {
      if (!tray.isDestroyed()) render(state);
    },
    async close() {
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}
