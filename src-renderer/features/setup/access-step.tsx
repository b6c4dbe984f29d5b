import { useState } from 'react';
import { useGatewayClient } from '../../lib/gateway-context.js';
import { createGatewayToken } from '../settings/gateway-token.js';
import { SaveStatusLine } from '../settings/settings-section.js';
import type { ConfigEditor } from '../settings/use-config-editor.js';
import { useSectionForm } from '../settings/use-section-form.js';

export interface AccessStepProps {
  editor: ConfigEditor;
  onDone(summary?: string): void;
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button button-small"
      aria-label={label}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}

/** Setup step 3: where the dashboard is, and a strong token for reaching it from another machine. */
export function AccessStep({ editor, onDone }: AccessStepProps) {
  const client = useGatewayClient();
  const form = useSectionForm(editor);
  const [token, setToken] = useState<string | null>(null);
  const tokenSet = form.reader.isSet('gateway.token');
  const host = String(form.reader.get('gateway.host') ?? '127.0.0.1');

  async function save(): Promise<void> {
    if (token === null) return onDone();
    const applied = await form.submit({ set: { 'gateway.token': token } });
    if (applied) onDone(applied.summary);
  }

  return (
    <div className="setup-step-body">
      <div className="field settings-field">
        <span className="field-label">Dashboard address</span>
        <span className="inline-fields">
          <code className="mono url-box">{client.baseUrl}/</code>
          <CopyButton text={`${client.baseUrl}/`} label="Copy the dashboard address" />
        </span>
        <p className="field-help">
          The gateway listens on <code className="mono">{host}</code>
          {host === '127.0.0.1' || host === 'localhost' || host === '::1' ? ', so only this computer can open it, and needs no sign-in here.' : '.'}
        </p>
      </div>
      <p>
        <strong>From another machine</strong> (your phone, another laptop): set <em>Host</em> to <code className="mono">0.0.0.0</code> or this
        computer's network address in Settings → Access. An address beyond loopback needs a token or password, and every client that is not on
        this computer must sign in with it. Anyone on the network who has the token can use your assistant, so keep it like a password.
      </p>
      <div className="field settings-field">
        <span className="field-label">Gateway token</span>
        <span className="secret-field">
          <span className={tokenSet ? 'badge badge-ok' : 'badge'}>{tokenSet ? 'set' : 'not set'}</span>
          <button type="button" className="button button-small" onClick={() => setToken(createGatewayToken((bytes) => crypto.getRandomValues(bytes)))}>
            {tokenSet || token ? 'Generate a new token' : 'Generate a token'}
          </button>
        </span>
        {token ? (
          <span className="generated-secret">
            <code className="mono break" aria-label="Generated token">
              {token}
            </code>
            <CopyButton text={token} label="Copy the token" />
            <span className="field-help">Copy it now: once saved, the dashboard shows only that a token is set.</span>
          </span>
        ) : null}
      </div>
      <div className="save-bar">
        <button type="button" className="button button-primary" disabled={form.status.phase === 'saving'} onClick={() => void save()}>
          {token ? 'Save token and continue' : 'Continue'}
        </button>
        <button type="button" className="button" onClick={() => onDone()}>
          Skip
        </button>
        <SaveStatusLine status={form.status} onReload={editor.reload} />
      </div>
    </div>
  );
}
