// Electron wiring for quick chat: a global shortcut toggles a small always-on-top window showing the
// Chat page's compact view; Esc hides it.
import { BrowserWindow, globalShortcut } from 'electron';
import { describeError } from '../../src-shared/utils/common.js';
import { createQuickChatWindowOptions, resolveQuickChatUrl } from './window.js';

export interface QuickChatHandle {
  toggle(): void;
  /** Swaps the global shortcut for `accelerator` (a changed desktop.quick_chat_shortcut; empty: none). */
  setAccelerator(accelerator: string): void;
  webContentsId(): number | undefined;
  close(): Promise<void>;
}

/**
 * Registers `accelerator` (desktop.quick_chat_shortcut; empty registers nothing) to toggle the quick
 * chat window for the gateway at getGatewayUrl() (nothing opens while none answers). A shortcut another
 * app holds is logged with the key to change.
 */
export function setupQuickChat(options: {
  accelerator: string;
  preloadPath: string;
  getGatewayUrl: () => string | undefined;
  log: { info(message: string): void; warn(message: string): void };
}): QuickChatHandle {
  let window: BrowserWindow | undefined;
  let closing = false;

  function create(url: string): BrowserWindow {
    const created = new BrowserWindow(createQuickChatWindowOptions({ preloadPath: options.preloadPath }));
    created.webContents.on('before-input-event', (event, input) => {
      if (input.type === 'keyDown' && input.key === 'Escape') {
        event.preventDefault();
        created.hide();
      }
    });
    created.on('close', (event) => {
      if (closing) return;
      event.preventDefault();
      created.hide();
    });
    created.once('ready-to-show', () => created.show());
    created.loadURL(url).catch((error: unknown) => options.log.warn(`Quick chat could not load ${url}: ${describeError(error)}`));
    return created;
  }

  function toggle(): void {
    const gatewayUrl = options.getGatewayUrl();
    if (gatewayUrl === undefined) {
      options.log.info('Quick chat: no gateway is running');
      return;
    }
    if (window === undefined || window.isDestroyed()) {
      window = create(resolveQuickChatUrl(gatewayUrl));
      return;
    }
    if (window.isVisible() && window.isFocused()) {
      window.hide();
      return;
    }
    const url = resolveQuickChatUrl(gatewayUrl);
    if (!window.webContents.getURL().startsWith(new URL(url).origin)) void window.loadURL(url);
    window.show();
    window.focus();
  }

  // The shortcut this app holds now; empty when none.
  let registered = '';
  function setAccelerator(next: string): void {
    const accelerator = next.trim();
    if (accelerator === registered) return;
    if (registered !== '') globalShortcut.unregister(registered);
    registered = '';
    if (accelerator === '') return;
    try {
      if (globalShortcut.register(accelerator, toggle)) {
        registered = accelerator;
        return;
      }
    } catch (error) {
      options.log.warn(`Quick chat shortcut "${accelerator}" is not a valid accelerator (${describeError(error)}); fix desktop.quick_chat_shortcut`);
      return;
    }
    options.log.warn(`Quick chat shortcut "${accelerator}" is taken by another app; choose another desktop.quick_chat_shortcut`);
  }
  setAccelerator(options.accelerator);

  return {
    toggle,
    setAccelerator,
    webContentsId: () => (window !== undefined && !window.isDestroyed() ? window.webContents.id : undefined),
    async close() {
      closing = true;
      setAccelerator('');
      if (window !== undefined && !window.isDestroyed()) window.destroy();
      window = undefined;
    },
  };
}
