import { formatDuration } from '../lib/format.js';
import { useConnectionState, useGatewayClient } from '../lib/gateway-context.js';
import { useNow } from '../lib/use-now.js';
import { ConnectionBadge } from './connection-badge.js';
import { TelegramBadges } from './telegram-badges.js';
import { useTelegramStatus } from './use-telegram-status.js';
import { useGatewayOverview } from './use-gateway-overview.js';

export interface AppHeaderProps {
  signedIn: boolean;
  onSignIn(): void;
  onSignOut(): void;
}

/** The status header: gateway state, the live connection, Telegram bots (when enabled), URL, version, uptime, clients and config path. */
export function AppHeader({ signedIn, onSignIn, onSignOut }: AppHeaderProps) {
  const client = useGatewayClient();
  const connection = useConnectionState();
  const overview = useGatewayOverview();
  const telegram = useTelegramStatus();
  const now = useNow(1000);
  const { health } = overview;
  const uptime = health ? health.uptime_seconds + Math.max(0, now - overview.fetchedAt) / 1000 : null;
  const reachable = overview.error === null && health !== null;

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
            {reachable ? (
              <span className="status-pill status-ok">
                <span className="dot" aria-hidden="true" /> Running
              </span>
            ) : overview.error ? (
              <span className="status-pill status-error" title={overview.error}>
                <span className="dot" aria-hidden="true" /> Unreachable
              </span>
            ) : (
              <span className="status-pill status-pending">Checking…</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Connection</dt>
          <dd>
            <ConnectionBadge state={connection} now={now} onRetry={client.reconnectNow} onSignIn={onSignIn} />
          </dd>
        </div>
        {telegram?.enabled ? (
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
        {health ? (
          <>
            <div>
              <dt>Version</dt>
              <dd className="mono">{health.version}</dd>
            </div>
            <div>
              <dt>Uptime</dt>
              <dd>{uptime === null ? '—' : formatDuration(uptime)}</dd>
            </div>
            <div>
              <dt>Clients</dt>
              <dd>{health.ws_clients}</dd>
            </div>
          </>
        ) : null}
        {overview.configPath ? (
          <div className="status-wide">
            <dt>Config</dt>
            <dd className="mono break" title={overview.configPath}>
              {overview.configPath}
              {health && !health.config_valid ? <span className="badge badge-error header-badge">invalid</span> : null}
            </dd>
          </div>
        ) : null}
      </dl>
      {signedIn ? (
        <button type="button" className="button button-small button-quiet sign-out" onClick={onSignOut}>
          Sign out
        </button>
      ) : null}
      {overview.error && !reachable ? (
        <p className="header-error" role="alert">
          {overview.error}
        </p>
      ) : null}
    </header>
  );
}
