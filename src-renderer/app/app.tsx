import { useEffect, useState } from 'react';
import type { GatewayClient } from '../../src-shared/client/gateway-client.js';
import type { ClientCredentials } from '../../src-shared/client/http-api.js';
import { ChannelsView } from '../features/channels/channels-view.js';
import { ChatView } from '../features/chat/chat-view.js';
import { ConfigView } from '../features/config/config-view.js';
import { createDashboardSessionKey } from '../features/chat/chat-state.js';
import type { EventLog } from '../features/events/event-log.js';
import { EventLogView } from '../features/events/event-log-view.js';
import { LogsView } from '../features/logs/logs-view.js';
import type { DesktopLogReader } from '../features/logs/use-desktop-log.js';
import { SessionsView } from '../features/sessions/sessions-view.js';
import { SettingsView } from '../features/settings/settings-view.js';
import { SetupBanner } from '../features/setup/setup-banner.js';
import { SetupWizard } from '../features/setup/setup-wizard.js';
import { useModelStatus } from '../features/setup/use-model-status.js';
import { clearStoredCredentials, loadStoredCredentials, saveStoredCredentials } from '../lib/credentials-storage.js';
import { GatewayProvider, useConnectionState } from '../lib/gateway-context.js';
import { resolveRouteMode } from '../lib/router.js';
import { useRoute } from '../lib/use-route.js';
import { AppHeader } from './app-header.js';
import { NavTabs } from './nav-tabs.js';
import type { DesktopStatusSource } from './use-gateway-overview.js';
import { SignInDialog } from './sign-in-dialog.js';

export interface AppProps {
  client: GatewayClient;
  log: EventLog;
  /** Where sign-in credentials are kept: the tab's sessionStorage in the browser. */
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  /** Inside the desktop app, reads its own log for the Logs page. */
  readDesktopLog?: DesktopLogReader;
  /** Inside the desktop app: the gateway status it knows, so the header can say Stopped. */
  desktop?: DesktopStatusSource;
}

const VIEW_TITLES = {
  sessions: 'Sessions',
  chat: 'Chat',
  channels: 'Channels',
  settings: 'Settings',
  config: 'Config',
  events: 'Event log',
  logs: 'Logs',
  setup: 'Setup',
} as const;

function Shell({ client, log, storage, readDesktopLog, desktop }: AppProps) {
  const [route, navigate] = useRoute();
  const compact = route.view === 'chat' && route.compact === true;
  const connection = useConnectionState();
  // Signed in means credentials typed into this tab; the desktop app's own token is nothing to sign out of.
  const [signedIn, setSignedIn] = useState(() => client.hasCredentials() && loadStoredCredentials(storage) !== undefined);
  const [dialog, setDialog] = useState<'auto' | 'open' | 'dismissed'>('auto');
  const [attempting, setAttempting] = useState(false);
  const modelStatus = useModelStatus();

  useEffect(() => {
    document.title = `${VIEW_TITLES[route.view]} · OpenClaw`;
  }, [route.view]);

  useEffect(() => {
    if (connection.status === 'live' || connection.status === 'unauthorized') setAttempting(false);
    if (connection.status === 'live') setDialog('auto');
  }, [connection.status]);

  const unauthorized = connection.status === 'unauthorized';
  const showSignIn = dialog === 'open' || attempting || (unauthorized && dialog === 'auto');
  const refusal = unauthorized && (signedIn || attempting) ? `The gateway refused: ${connection.message}` : null;

  function signIn(credentials: ClientCredentials): void {
    saveStoredCredentials(storage, credentials);
    setSignedIn(true);
    setAttempting(true);
    setDialog('auto');
    client.setCredentials(credentials);
  }

  function signOut(): void {
    clearStoredCredentials(storage);
    setSignedIn(false);
    client.setCredentials(undefined);
  }

  // Without a model the Chat page could only fail: it shows the setup instead (its own address, so
  // the wizard stays put while its first save makes a model appear).
  const needsSetup = modelStatus.needsSetup === true;
  useEffect(() => {
    if (route.view === 'chat' && needsSetup) navigate({ view: 'setup' }, { replace: true });
  }, [route.view, needsSetup, navigate]);

  const setup = (
    <SetupWizard
      onConfigured={modelStatus.reload}
      onSayHello={() => navigate({ view: 'chat', session: createDashboardSessionKey(Date.now()) })}
      onOpenSettings={() => navigate({ view: 'settings' })}
    />
  );

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {compact ? null : <AppHeader signedIn={signedIn && !unauthorized} onSignIn={() => setDialog('open')} onSignOut={signOut} desktop={desktop} />}
      {compact ? null : <NavTabs current={route.view} mode={resolveRouteMode(window.location.protocol)} onNavigate={(next) => navigate(next)} />}
      {/* The chat fills the window so its message box never scrolls out of view (app-main-fill). */}
      <main id="main" className={compact ? 'app-main app-main-fill app-main-compact' : route.view === 'chat' ? 'app-main app-main-fill' : 'app-main'} tabIndex={-1}>
        {compact ? null : <SetupBanner status={modelStatus} showSetupLink={route.view !== 'setup'} onOpenSetup={() => navigate({ view: 'setup' })} />}
        {route.view === 'sessions' ? (
          <SessionsView
            selectedKey={route.session}
            onSelect={(key) => navigate(key ? { view: 'sessions', session: key } : { view: 'sessions' })}
            onOpenInChat={(key) => navigate({ view: 'chat', session: key })}
          />
        ) : route.view === 'setup' ? (
          setup
        ) : route.view === 'chat' ? (
          <ChatView
            selectedKey={route.session}
            compact={compact}
            onSelect={(key) => navigate({ view: 'chat', ...(key ? { session: key } : {}), ...(compact ? { compact } : {}) }, { replace: compact })}
          />
        ) : route.view === 'channels' ? (
          <ChannelsView />
        ) : route.view === 'settings' ? (
          <SettingsView onOpenSetup={() => navigate({ view: 'setup' })} />
        ) : route.view === 'config' ? (
          <ConfigView />
        ) : route.view === 'logs' ? (
          <LogsView readDesktopLog={readDesktopLog} />
        ) : (
          <EventLogView log={log} />
        )}
      </main>
      {showSignIn ? (
        <SignInDialog
          gatewayUrl={client.baseUrl}
          error={attempting ? null : refusal}
          busy={attempting}
          onSubmit={signIn}
          onCancel={() => {
            setAttempting(false);
            setDialog('dismissed');
          }}
        />
      ) : null}
    </>
  );
}

/** The dashboard: status header, view tabs, the current view and the sign-in dialog when the gateway asks for one. */
export function App(props: AppProps) {
  return (
    <GatewayProvider client={props.client}>
      <Shell {...props} />
    </GatewayProvider>
  );
}
