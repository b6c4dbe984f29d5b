import { formatDuration } from '../lib/format.js';
import { useConnectionState, useGatewayClient } from '../lib/gateway-context.js';
import { useNow } from '../lib/use-now.js';
import { ConnectionBadge } from './connection-badge.js';
import { TelegramBadges } from './telegram-badges.js';
import { useTelegramStatus } from './use-telegram-status.js';
import { useGatewayOverview } from './use-gateway-overview.js';
import type { DesktopStatusSource } from './use-gateway-overview.js';

export interface AppHeaderProps {
  /** Credentials typed into this tab are in use and accepted: only then is there something to sign out of. */
  signedIn: boolean;
  onSignIn(): void;
  onSignOut(): void;
  /** Inside the desktop app: the gateway status the app knows (Stopped when it stopped it). */
  desktop?: DesktopStatusSource;
}

// The only text that changes every second: it ticks alone, without the header (or the page) around it.
function Uptime({ seconds, at }: { seconds: number; at: number }) {
  return <>{formatDuration(seconds + Math.max(0, useNow(1000) - at) / 1000)}</>;
}

/** The status header: gateway state, the live connection, Telegram bots (when enabled), URL, version, uptime, clients and config path. */
export function AppHeader({ signedIn, onSignIn, onSignOut, desktop }: AppHeaderProps) {
  const client = useGatewayClient();
  const connection = useConnectionState();
  const overview = useGatewayOverview(desktop);
  const telegram = useTelegramStatus();
  const { status, badge } = overview;

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        <h1 className="brand-name">OpenClaw</h1>
        <span className="brand-sub">Gateway dashboard</span>
      </div>
      <dl className="status-list" role="group" aria-label="Gateway status">
        <div>
          <dt>Gateway</dt>
          <dd>
            <span className={`status-pill status-${badge.tone}`} title={badge.title}>
              <span className="dot" aria-hidden="true" /> {badge.text}
            </span>
          </dd>
        </div>
        <div>
          <dt>Connection</dt>
          <dd>
            <ConnectionBadge state={connection} onRetry={client.reconnectNow} onSignIn={onSignIn} />
          </dd>
        </div>
        {/* A bot's state is only known through the live connection: when it drops, saying "running" would not be true. */}
        {telegram?.enabled && overview.live ? (
          <div>
            <dt>Telegram</dt>
            <dd>
              <TelegramBadges status={telegram} />
            </dd>
          </div>
        ) : null}
        <div>
          <dt>URL</dt>
          <dd className="mono">{client.baseUrl}</dd>
        </div>
        {status ? (
          <div>
            <dt>Version</dt>
            <dd className="mono">{status.version}</dd>
          </div>
        ) : null}
        {status && overview.live ? (
          <>
            <div>
              <dt>Uptime</dt>
              <dd>
                <Uptime seconds={status.uptime_seconds} at={overview.fetchedAt} />
              </dd>
            </div>
            <div>
              <dt>Clients</dt>
              <dd title={overview.error ? `Not refreshed: ${overview.error}` : undefined}>{status.ws_clients}</dd>
            </div>
          </>
        ) : null}
        {overview.configPath ? (
          <div className="status-wide">
            <dt>Config</dt>
            <dd className="mono break" title={overview.configPath}>
              {overview.configPath}
              {status && !status.config_valid ? <span className="badge badge-error header-badge">invalid</span> : null}
            </dd>
          </div>
        ) : null}
      </dl>
      {signedIn ? (
        <button type="button" className="button button-small button-quiet sign-out" onClick={onSignOut}>
          Sign out
        </button>
      ) : null}
    </header>
  );
}
