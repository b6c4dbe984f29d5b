import { useId, useState } from 'react';
import { DEFAULT_TELEGRAM_API_ROOT } from '../../../src-shared/config/schema.js';
import type { DmPolicy } from '../../../src-shared/types/base.js';
import { DmPolicySchema } from '../../../src-shared/types/base.js';
import { SaveStatusLine } from '../settings/settings-section.js';
import { DmPolicyChoice, TelegramVerifyButton } from '../settings/telegram-fields.js';
import type { ConfigEditor } from '../settings/use-config-editor.js';
import { useSectionForm } from '../settings/use-section-form.js';

export interface TelegramStepProps {
  editor: ConfigEditor;
  /** Moves on; `summary` says what the gateway did with a save. */
  onDone(summary?: string): void;
}

/** Setup step 2: the bot token, Verify (getMe: @username, privacy mode), who may write to it; an advanced field for a self-hosted Bot API server. */
export function TelegramStep({ editor, onDone }: TelegramStepProps) {
  const form = useSectionForm(editor);
  const ids = useId();
  const tokenSet = form.reader.isSet('telegram.bot_token');
  const savedRoot = String(form.reader.get('telegram.api_root') ?? DEFAULT_TELEGRAM_API_ROOT);
  const savedPolicy = DmPolicySchema.catch('pairing').parse(form.reader.get('telegram.dm_policy'));
  const [token, setToken] = useState('');
  const [replacing, setReplacing] = useState(!tokenSet);
  const [apiRoot, setApiRoot] = useState(savedRoot);
  const [dmPolicy, setDmPolicy] = useState<DmPolicy>(savedPolicy);
  const [problem, setProblem] = useState<string | null>(null);

  async function save(): Promise<void> {
    const typed = token.trim();
    if (!tokenSet && typed === '') return setProblem('Paste the bot token, or skip this step.');
    setProblem(null);
    const set: Record<string, unknown> = {};
    if (form.reader.get('telegram.enabled') !== true) set['telegram.enabled'] = true;
    if (typed !== '') set['telegram.bot_token'] = typed;
    if (apiRoot.trim() !== savedRoot) set['telegram.api_root'] = apiRoot.trim();
    if (dmPolicy !== savedPolicy) set['telegram.dm_policy'] = dmPolicy;
    if (Object.keys(set).length === 0) return onDone();
    const applied = await form.submit({ set });
    if (applied) onDone(applied.summary);
  }

  return (
    <div className="setup-step-body">
      <p>
        Chat with your assistant from Telegram. In Telegram, open <strong>@BotFather</strong>, send <code className="mono">/newbot</code>, pick a name,
        and paste the token it gives you here.
      </p>
      <div className="field settings-field">
        <label className="field-label" htmlFor={`${ids}-token`}>
          Bot token
        </label>
        {replacing ? (
          <input
            id={`${ids}-token`}
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            placeholder="123456789:AA…"
            value={token}
            onChange={(event) => setToken(event.target.value)}
          />
        ) : (
          <span className="secret-field">
            <span className="badge badge-ok">set</span>
            {form.reader.isEnvRef('telegram.bot_token') ? (
              <span className="field-help">from an environment variable</span>
            ) : (
              <button type="button" className="button button-small" onClick={() => setReplacing(true)}>
                Replace
              </button>
            )}
          </span>
        )}
        <p className="field-help">Write-only: the dashboard never shows it again once saved.</p>
      </div>
      <details className="advanced" open={apiRoot !== DEFAULT_TELEGRAM_API_ROOT}>
        <summary>Advanced: Bot API server</summary>
        <div className="field settings-field">
          <label className="field-label" htmlFor={`${ids}-root`}>
            Bot API server
          </label>
          <input id={`${ids}-root`} spellCheck={false} value={apiRoot} onChange={(event) => setApiRoot(event.target.value)} />
          <p className="field-help">Only for a self-hosted Bot API server; leave {DEFAULT_TELEGRAM_API_ROOT} otherwise.</p>
        </div>
      </details>
      <TelegramVerifyButton
        params={() => {
          const typed = token.trim();
          const root = apiRoot.trim() && apiRoot.trim() !== DEFAULT_TELEGRAM_API_ROOT ? { api_root: apiRoot.trim() } : {};
          if (typed !== '') return { bot_token: typed, ...root };
          return tokenSet ? { account: 'default' } : 'Paste the bot token first.';
        }}
      />
      <DmPolicyChoice name={`${ids}-dm`} value={dmPolicy} onChange={setDmPolicy} />
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="save-bar">
        <button type="button" className="button button-primary" disabled={form.status.phase === 'saving'} onClick={() => void save()}>
          Save and continue
        </button>
        <button type="button" className="button" onClick={() => onDone()}>
          Skip
        </button>
        <SaveStatusLine status={form.status} onReload={editor.reload} />
      </div>
      {form.issues.length > 0 ? (
        <ul className="field-issues" role="alert">
          {form.issues.map((issue, index) => (
            <li key={index}>
              <code className="mono">{issue.path}</code>: {issue.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
