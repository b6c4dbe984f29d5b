import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createGatewayClient } from '../src-shared/client/gateway-client.js';
import { App } from './app/app.js';
import { createEventLog } from './features/events/event-log.js';
import { resolveDesktopLogReader } from './features/logs/use-desktop-log.js';
import { loadStoredCredentials } from './lib/credentials-storage.js';
import { loadDesktopCredentials, resolveDesktopApi } from './lib/desktop-credentials.js';
import { resolveDashboardGatewayUrl } from './lib/gateway-url.js';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

async function start(container: HTMLElement): Promise<void> {
  const storage = window.sessionStorage;
  const desktop = resolveDesktopApi(window);
  const client = createGatewayClient({
    baseUrl: resolveDashboardGatewayUrl(window.location),
    credentials: (await loadDesktopCredentials(desktop)) ?? loadStoredCredentials(storage),
    clientInfo: { client_id: 'openclaw-dashboard', platform: desktop ? 'desktop' : 'web' },
  });
  // Created before the first render so the log holds every frame from the very first connect.
  const log = createEventLog();
  client.onFrame((record) => log.push(record));
  client.connect();

  createRoot(container).render(
    <StrictMode>
      <App client={client} log={log} storage={storage} readDesktopLog={resolveDesktopLogReader(desktop)} desktop={desktop} />
    </StrictMode>,
  );
}

void start(root);
