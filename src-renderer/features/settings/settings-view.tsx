import { useState } from 'react';
import { resolveDesktopApi } from '../../lib/desktop-credentials.js';
import { AccessSection } from './access-section.js';
import { DesktopSettingsSection } from './desktop-settings-section.js';
import { LoggingSection } from './logging-section.js';
import { ProvidersSection } from './providers-section.js';
import { RawConfigTab } from './raw-config-tab.js';
import { TelegramSection } from './telegram-section.js';
import { useConfigEditor } from './use-config-editor.js';

const TABS = [
  { id: 'providers', label: 'Model providers' },
  { id: 'telegram', label: 'Telegram' },
  { id: 'access', label: 'Access' },
  { id: 'logging', label: 'Logging & sessions' },
  { id: 'desktop', label: 'Desktop app' },
  { id: 'raw', label: 'Raw YAML' },
] as const;
type SettingsTab = (typeof TABS)[number]['id'];

export interface SettingsViewProps {
  onOpenSetup(): void;
}

/** Settings: forms for the sections people change, the raw file for the rest; every save goes through `config.update`. */
export function SettingsView({ onOpenSetup }: SettingsViewProps) {
  const editor = useConfigEditor();
  const [tab, setTab] = useState<SettingsTab>('providers');

  if (editor.phase === 'loading') {
    return (
      <p className="state-note" role="status">
        Loading the settings…
      </p>
    );
  }
  if (editor.phase === 'error' || !editor.snapshot) {
    return (
      <div className="state-note state-error" role="alert">
        <p>Could not load the settings: {editor.error}</p>
        <button type="button" className="button" onClick={editor.reload}>
          Try again
        </button>
      </div>
    );
  }

  const { snapshot } = editor;
  return (
    <div className="settings-view">
      <div className="settings-head">
        <p className="muted">
          Saved to <span className="mono break">{snapshot.path}</span>
          {snapshot.exists ? '' : ' (created on the first save)'}. Comments and layout of the file are kept.
        </p>
        <button type="button" className="button button-small" onClick={onOpenSetup}>
          Run the setup again
        </button>
      </div>
      {editor.stale ? (
        <div className="banner banner-warning stale-banner" role="alert">
          <span>The config file changed on disk since this page loaded it. Reload to see it; unsaved changes here are dropped.</span>
          <button type="button" className="button button-small" onClick={editor.reload}>
            Reload
          </button>
        </div>
      ) : null}
      {!snapshot.valid ? (
        <p className="banner banner-error" role="alert">
          The file has {snapshot.issues.length === 1 ? 'an error' : 'errors'} ({snapshot.issues.map((issue) => issue.path || 'whole file').join(', ')}); the gateway
          runs on the last good config. Fix {snapshot.issues.length === 1 ? 'it' : 'them'} in the Raw YAML tab.
        </p>
      ) : null}
      <div className="settings-tabs" role="tablist" aria-label="Settings sections">
        {TABS.map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="tab"
            id={`settings-tab-${entry.id}`}
            aria-selected={tab === entry.id}
            aria-controls="settings-panel"
            className="settings-tab"
            onClick={() => setTab(entry.id)}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <div id="settings-panel" role="tabpanel" aria-labelledby={`settings-tab-${tab}`} key={`${tab}-${editor.version}`}>
        {tab === 'providers' ? (
          <ProvidersSection editor={editor} />
        ) : tab === 'telegram' ? (
          <TelegramSection editor={editor} />
        ) : tab === 'access' ? (
          <AccessSection editor={editor} />
        ) : tab === 'logging' ? (
          <LoggingSection editor={editor} />
        ) : tab === 'desktop' ? (
          <DesktopSettingsSection editor={editor} desktop={resolveDesktopApi(window)} />
        ) : (
          <RawConfigTab editor={editor} />
        )}
      </div>
    </div>
  );
}
