import type { ClientConnectionState } from '../../src-shared/client/ws-connection.js';
import { useNow } from '../lib/use-now.js';

export interface ConnectionBadgeProps {
  state: ClientConnectionState;
  onRetry(): void;
  onSignIn(): void;
}

// Ticks on its own, and only while reconnecting: the header around it does not re-render each second.
function RetryCountdown({ retryAt }: { retryAt: number }) {
  return <>{Math.max(0, Math.ceil((retryAt - useNow(1000)) / 1000))}</>;
}

/** The WebSocket state in words, with the one action that helps in that state. */
export function ConnectionBadge({ state, onRetry, onSignIn }: ConnectionBadgeProps) {
  switch (state.status) {
    case 'live':
      return (
        <span className="status-pill status-ok" title={`Connection ${state.conn_id}, protocol ${state.protocol_version}`}>
          <span className="dot" aria-hidden="true" /> Live
        </span>
      );
    case 'connecting':
      return (
        <span className="status-pill status-pending">
          <span className="dot" aria-hidden="true" /> Connecting…
        </span>
      );
    case 'reconnecting':
      return (
        <span className="status-group">
          <span className="status-pill status-warning" title={state.reason}>
            <span className="dot" aria-hidden="true" /> Reconnecting in <RetryCountdown retryAt={state.retryAt} /> s (attempt {state.attempt})
          </span>
          <button type="button" className="button button-small" onClick={onRetry}>
            Retry now
          </button>
        </span>
      );
    case 'unauthorized':
      return (
        <span className="status-group">
          <span className="status-pill status-error" title={state.message}>
            <span className="dot" aria-hidden="true" /> Sign-in needed
          </span>
          <button type="button" className="button button-small button-primary" onClick={onSignIn}>
            Sign in
          </button>
        </span>
      );
    case 'idle':
    case 'closed':
      return (
        <span className="status-group">
          <span className="status-pill status-muted">
            <span className="dot" aria-hidden="true" /> Disconnected
          </span>
          <button type="button" className="button button-small" onClick={onRetry}>
            Connect
          </button>
        </span>
      );
  }
}
