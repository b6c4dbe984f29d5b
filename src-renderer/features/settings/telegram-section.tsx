import { useId, useState } from 'react';
import { DmPolicySchema } from '../../../src-shared/types/base.js';
import type { TelegramVerifyParams } from '../../../src-shared/protocol/settings.js';
import { resolveDraftValue } from './config-draft.js';
import { CheckboxField, FieldFrame, ListField, SecretField, SelectField, TextField, useConfigForm } from './config-form.js';
import { SettingsSection } from './settings-section.js';
import { DM_POLICY_EXPLANATIONS, TelegramVerifyButton } from './telegram-fields.js';
import type { ConfigEditor } from './use-config-editor.js';
import { useSectionForm } from './use-section-form.js';
import type { SectionForm } from './use-section-form.js';

// Account ids become YAML keys and dotted paths: keep them to plain names.
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The DM policy as a select whose help explains the chosen policy in one sentence. */
function DmPolicyField({ path, inheritLabel }: { path: string; inheritLabel?: string }) {
  const form = useConfigForm();
  const value = resolveDraftValue(form.changes, form.reader, path);
  const parsed = DmPolicySchema.safeParse(value);
  return (
    <FieldFrame path={path} help={parsed.success ? DM_POLICY_EXPLANATIONS[parsed.data] : 'Same as the main bot.'}>
      {(control) => (
        <select
          {...control}
          value={parsed.success ? parsed.data : ''}
          onChange={(event) => form.change(path, event.target.value === '' ? undefined : event.target.value)}
        >
          {inheritLabel ? <option value="">{inheritLabel}</option> : null}
          {DmPolicySchema.options.map((policy) => (
            <option key={policy} value={policy}>
              {policy}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** Verify params for a bot: the token just typed (with the Bot API server in effect), else the saved account. */
function verifyParams(form: SectionForm, tokenPath: string, account: string): () => TelegramVerifyParams | string {
  return () => {
    const typed = form.changes[tokenPath];
    const apiRoot = resolveDraftValue(form.changes, form.reader, 'telegram.api_root');
    if (typeof typed === 'string') return { bot_token: typed, ...(typeof apiRoot === 'string' ? { api_root: apiRoot } : {}) };
    if (!form.reader.isSet(tokenPath)) return 'Enter the bot token first.';
    return { account };
  };
}

function AccountFields({ form, id }: { form: SectionForm; id: string }) {
  const base = `telegram.accounts.${id}`;
  return (
    <fieldset className="account-fields" aria-label={`Bot ${id}`}>
      <legend className="account-title">
        Bot <code className="mono">{id}</code>
      </legend>
      <SecretField path={`${base}.bot_token`} />
      <TelegramVerifyButton params={verifyParams(form, `${base}.bot_token`, id)} />
      <CheckboxField path={`${base}.enabled`} label="Enabled" />
      <DmPolicyField path={`${base}.dm_policy`} inheritLabel="Same as the main bot" />
      <SelectField path={`${base}.group_policy`} inheritLabel="Same as the main bot" />
      <div>
        <button type="button" className="button button-small button-danger" onClick={() => void form.submit({ unset: [base] })}>
          Remove bot {id}
        </button>
      </div>
    </fieldset>
  );
}

function AddBot({ form, existing }: { form: SectionForm; existing: string[] }) {
  const [id, setId] = useState('');
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const idInput = useId();
  const tokenInput = useId();

  async function add(): Promise<void> {
    if (!ACCOUNT_ID.test(id)) return setProblem('Give the bot a name of letters, digits, "-" or "_", e.g. "work".');
    if (existing.includes(id) || id === 'default') return setProblem(`There is already a bot named ${id}.`);
    if (token.trim() === '') return setProblem('Paste the token @BotFather gave you.');
    setProblem(null);
    const saved = await form.submit({ set: { [`telegram.accounts.${id}.bot_token`]: token.trim(), [`telegram.accounts.${id}.enabled`]: true } });
    if (saved) {
      setId('');
      setToken('');
    }
  }

  const apiRoot = resolveDraftValue(form.changes, form.reader, 'telegram.api_root');
  return (
    <fieldset className="account-fields">
      <legend className="account-title">Add a bot</legend>
      <div className="inline-grid">
        <div className="field">
          <label className="field-label" htmlFor={idInput}>
            Name
          </label>
          <input id={idInput} value={id} spellCheck={false} placeholder="work" onChange={(event) => setId(event.target.value.trim())} />
        </div>
        <div className="field field-grow">
          <label className="field-label" htmlFor={tokenInput}>
            Bot token
          </label>
          <input id={tokenInput} type="password" autoComplete="new-password" value={token} onChange={(event) => setToken(event.target.value)} />
        </div>
      </div>
      <TelegramVerifyButton
        params={() => (token.trim() === '' ? 'Paste the token first.' : { bot_token: token.trim(), ...(typeof apiRoot === 'string' ? { api_root: apiRoot } : {}) })}
      />
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div>
        <button type="button" className="button button-small" onClick={() => void add()}>
          Add bot
        </button>
      </div>
    </fieldset>
  );
}

/** Telegram: the main bot and its policies, more bots under telegram.accounts (add, verify, remove). */
export function TelegramSection({ editor }: { editor: ConfigEditor }) {
  const form = useSectionForm(editor);
  const accounts = form.reader.keys('telegram.accounts');
  return (
    <SettingsSection
      title="Telegram"
      intro="Talk to your assistant from Telegram: create a bot with @BotFather, paste its token, Verify, Save."
      form={form}
      onReload={editor.reload}
    >
      <CheckboxField path="telegram.enabled" />
      <SecretField path="telegram.bot_token" removable />
      <TelegramVerifyButton params={verifyParams(form, 'telegram.bot_token', 'default')} />
      <DmPolicyField path="telegram.dm_policy" />
      <ListField path="telegram.allow_from" numbers placeholder={'123456789\n@ada'} />
      <SelectField path="telegram.group_policy" />
      <ListField path="telegram.groups" numbers placeholder="-1001234567890" />
      <SelectField path="telegram.stream_mode" />
      <TextField path="telegram.api_root" label="Bot API server" />
      {accounts.map((id) => (
        <AccountFields key={id} form={form} id={id} />
      ))}
      <AddBot form={form} existing={accounts} />
    </SettingsSection>
  );
}
