import type { ConfigFileSnapshot } from '../../../src-shared/config/snapshot.js';
import type { OpenClawConfig } from '../../../src-shared/config/schema.js';
import type { AuthSource } from '../../../src-shared/protocol/frames.js';
import type { ConfigWriteResult } from '../../../src-shared/protocol/settings.js';
import type { AgentService } from '../agent/service.js';
import type { ConfigUpdateRequest } from '../config/live-config.js';
import type { LogTail } from '../logging/log-tail.js';
import type { TelegramService } from '../telegram/service.js';
import type { SecretScrubber } from '../utils/secret-scrubber.js';
import type { SessionsView } from './sessions-view.js';

/** Outcome of authorising one HTTP request or WebSocket connection (the contract's GatewayAuth). */
export interface GatewayAuth {
  authenticated: boolean;
  source: AuthSource;
  clientIp: string;
  /** Why it failed: nothing presented, wrong credentials, or the gateway has none configured. */
  failure?: 'missing' | 'mismatch' | 'not_configured';
}

type LogFields = Record<string, unknown>;

/** The few logging calls the gateway makes; the runtime adapts core/logging to it. */
export interface GatewayLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** A logger that writes nothing, the default wherever a logger is optional. */
export const SILENT_LOGGER: GatewayLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Facts about the config in effect that health and status report. */
export interface ConfigStatus {
  path: string;
  /** A file was found and loaded; false when running on defaults. */
  loaded: boolean;
  /** The file on disk is valid now; false after an invalid edit (the last good config stays). */
  valid: boolean;
  loadedAt: number;
}

/** What routes and WS methods read; the runtime owns it and swaps the config on reload. */
export interface GatewayState {
  readonly version: string;
  readonly startedAt: number;
  /** The clock behind uptime, deadlines, keepalive and timestamps (Date.now outside tests). */
  readonly clock: () => number;
  config(): OpenClawConfig;
  configStatus(): ConfigStatus;
  /** Reads the config file now (never throws). */
  readConfigSnapshot(): Promise<ConfigFileSnapshot>;
  /** Writes the config file (the settings forms, the raw tab) and says what the gateway did; throws ConfigUpdateError. Absent: settings are read-only. */
  updateConfig?(request: ConfigUpdateRequest): Promise<ConfigWriteResult>;
  readonly sessions: SessionsView;
  readonly logger: GatewayLogger;
  /** Stops the whole gateway (`gateway.shutdown`); absent: the method answers "unavailable". */
  requestShutdown?(): void;
  /** Bearer tokens accepted besides gateway.token (the desktop app's per-run token); never enough to allow a non-loopback bind. */
  readonly extraTokens?: readonly string[];
  /** The built dashboard served at `/` (default: findDashboardDir(); a missing build answers 503 saying what to run). */
  readonly dashboardDir?: string;
  /** The assistant behind chat.* and POST /api/chat; without it those answer "unavailable". */
  readonly agent?: AgentService;
  /** The Telegram channel and DM pairing behind telegram.status, pairing.* and the webhook route; undefined while it is not running. */
  telegram?(): TelegramService | undefined;
  /** The log lines kept for the Logs page (logs.tail) and the file they also go to; absent when an embedder's logger is used. */
  readonly logs?: { tail: LogTail; file(): string | undefined };
  /** The runtime's secret keeper (the logger's too), for error text sent to clients; default: the config's secrets only. */
  readonly scrub?: SecretScrubber;
}

