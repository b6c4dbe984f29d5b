// The Electron layer's testable API: pure decisions and Electron-free controllers. The wiring
// modules (main.ts, tray.ts, dashboard-window.ts, preload.ts) import electron at run time and are
// entry points, so they are not re-exported here.
export { createDesktopApi, type PreloadIpc } from './preload-api.js';
export {
  DESKTOP_LOG_FILE_NAME,
  ensureConfigFile,
  resolveDesktopFiles,
  resolveStartOnLaunch,
  STARTER_CONFIG_YAML,
  type DesktopFiles,
} from './desktop-files.js';
export {
  createIpcHandlers,
  describeIpcSender,
  isTrustedIpcSender,
  setupIpc,
  type DesktopIpcDeps,
  type DesktopIpcHandlers,
  type IpcSender,
} from './ipc.js';
export { findProjectRoot, formatMissingElectronMessage, resolveElectronBinary, runElectron } from './launch.js';
export {
  createLifecycleController,
  QUIT_TIMEOUT_MS,
  type LifecycleController,
  type LifecycleLog,
  type LifecycleRuntime,
  type QuitResult,
} from './lifecycle.js';
export {
  escapeHtml,
  renderStatusPageHtml,
  resolveStatusPageResponse,
  STATUS_PAGE_SCRIPT,
  STATUS_PAGE_STYLES,
  type StatusPageContext,
  type StatusPageResponse,
} from './status-page.js';
export {
  buildTrayMenu,
  resolveTrayIconFileName,
  resolveTrayIconPath,
  resolveTrayIconPlatformDir,
  resolveTrayStatusLine,
  resolveTrayTooltip,
  type TrayMenuActions,
  type TrayMenuState,
} from './tray-menu.js';
export {
  buildDashboardCsp,
  buildStatusPageCsp,
  createDashboardWindowOptions,
  resolveNavigation,
  resolveOrigin,
  resolvePermission,
  resolveResponseCsp,
  resolveTrustedOrigins,
  resolveWindowOpen,
  STATUS_PAGE_ORIGIN,
  STATUS_PAGE_SCHEME,
  STATUS_PAGE_URL,
  type NavigationDecision,
} from './window.js';
