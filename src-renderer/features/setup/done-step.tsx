import type { ConfigReader } from '../settings/config-reader.js';

export interface DoneStepProps {
  reader: ConfigReader;
  onSayHello(): void;
  onOpenSettings(): void;
}

/** Setup step 4: what is set up now, and "Say hello", which opens a new chat with the default model. */
export function DoneStep({ reader, onSayHello, onOpenSettings }: DoneStepProps) {
  const model = reader.get('models.default');
  const telegram = reader.get('telegram.enabled') === true && reader.isSet('telegram.bot_token');
  return (
    <div className="setup-step-body">
      <ul className="done-list">
        <li>
          <strong>Model:</strong>{' '}
          {typeof model === 'string' ? <code className="mono">{model}</code> : <span className="field-error">none yet: go back to step 1</span>}
        </li>
        <li>
          <strong>Telegram:</strong> {telegram ? 'a bot is set up; message it from Telegram.' : 'not set up (optional).'}
        </li>
        <li>
          <strong>Access:</strong> {reader.isSet('gateway.token') ? 'a token is set for other machines.' : 'this computer only.'}
        </li>
      </ul>
      <p className="muted">Everything here can be changed later in Settings; the setup is there to run again too.</p>
      <div className="save-bar">
        <button type="button" className="button button-primary" disabled={typeof model !== 'string'} onClick={onSayHello}>
          Say hello
        </button>
        <button type="button" className="button" onClick={onOpenSettings}>
          Open Settings
        </button>
      </div>
    </div>
  );
}
