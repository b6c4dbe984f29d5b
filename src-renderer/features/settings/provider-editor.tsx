import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { ModelApiSchema } from '../../../src-shared/config/schema.js';
import type { ModelApi } from '../../../src-shared/config/schema.js';
import type { ModelsTestParams, ModelsTestResult } from '../../../src-shared/protocol/settings.js';
import { describeError } from '../../lib/describe-error.js';
import { useGatewayClient } from '../../lib/gateway-context.js';
import { resolveConfigField } from './config-fields.js';
import { selectIssues } from './config-save.js';
import { PROVIDER_PRESETS } from './provider-presets.js';
import type { ProviderPreset } from './provider-presets.js';
import { PROVIDER_ID, resolveProviderWrite } from './provider-write.js';
import type { SavedProvider } from './provider-write.js';
import { SaveStatusLine } from './settings-section.js';
import type { SectionForm } from './use-section-form.js';

export interface ProviderEditorProps {
  form: SectionForm;
  /** The provider being edited; null adds a new one (with the presets to start from). */
  saved: SavedProvider | null;
  existingIds: readonly string[];
  currentDefault: string | null;
  /** setup: one model to pick, made the default; settings: the provider's list of models. */
  variant: 'setup' | 'settings';
  saveLabel: string;
  onReload(): void;
  /** Called with what the gateway did once saved (no summary: nothing needed saving). */
  onSaved?(summary?: string): void;
  onCancel?(): void;
  cancelLabel?: string;
}

type TestState = { phase: 'idle' } | { phase: 'testing' } | { phase: 'done'; result: ModelsTestResult };

function freeId(preset: ProviderPreset, existing: readonly string[]): string {
  if (!existing.includes(preset.id)) return preset.id;
  for (let n = 2; ; n++) if (!existing.includes(`${preset.id}-${n}`)) return `${preset.id}-${n}`;
}

function Field({ id, label, help, issues, children }: { id: string; label: string; help?: ReactNode; issues: { message: string }[]; children: ReactNode }) {
  return (
    <div className="field settings-field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children}
      {help ? <p className="field-help">{help}</p> : null}
      {issues.length > 0 ? (
        <ul className="field-issues" role="alert">
          {issues.map((issue, index) => (
            <li key={index}>{issue.message}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function describeTest(result: ModelsTestResult): string {
  if (!result.ok) return result.error ?? (result.status ? `The provider answered HTTP ${result.status}.` : 'The provider did not answer as expected.');
  if (result.models === undefined) return 'The provider answered. It has no models list: type the model id below.';
  return `The provider answered and offers ${result.models.length} ${result.models.length === 1 ? 'model' : 'models'}: pick one below.`;
}

/**
 * A model provider's form: a preset to start from (new providers), base URL, API style, a
 * write-only key, Test (which asks the provider for its models through the gateway) and the model
 * to use. Saving writes the provider and, when chosen, makes its model the default.
 */
export function ProviderEditor(props: ProviderEditorProps) {
  const { form, saved, existingIds, currentDefault, variant, saveLabel, onReload, onSaved, onCancel, cancelLabel = 'Cancel' } = props;
  const client = useGatewayClient();
  const ids = useId();
  const initialPreset = PROVIDER_PRESETS[0] as ProviderPreset;
  const [preset, setPreset] = useState<ProviderPreset | null>(saved ? null : initialPreset);
  const [id, setId] = useState(saved?.id ?? freeId(initialPreset, existingIds));
  const [baseUrl, setBaseUrl] = useState(saved?.baseUrl ?? initialPreset.baseUrl);
  const [api, setApi] = useState<ModelApi>(saved?.api ?? initialPreset.api);
  const [apiKey, setApiKey] = useState<string | null>(saved?.keySet ? null : '');
  const [test, setTest] = useState<TestState>({ phase: 'idle' });
  const [modelIds, setModelIds] = useState<string[]>(saved?.modelIds ?? []);
  // Setup picks one model (the default) and keeps any others the provider already lists.
  const [setupModel, setSetupModel] = useState(
    saved && currentDefault?.startsWith(`${saved.id}/`) ? currentDefault.slice(saved.id.length + 1) : (saved?.modelIds[0] ?? ''),
  );
  const [makeDefault, setMakeDefault] = useState(variant === 'setup' || currentDefault === null);
  const [problem, setProblem] = useState<string | null>(null);

  const base = `models.providers.${id}`;
  const needsKey = preset ? preset.key !== 'none' : true;
  const offered = test.phase === 'done' && test.result.ok ? test.result.models : undefined;
  const chosenModel = variant === 'setup' ? setupModel : (modelIds[0] ?? '');

  function choosePreset(next: ProviderPreset): void {
    setPreset(next);
    setId(freeId(next, existingIds));
    setBaseUrl(next.baseUrl);
    setApi(next.api);
    setApiKey('');
    setTest({ phase: 'idle' });
    setModelIds([]);
    setSetupModel('');
  }

  function testParams(): ModelsTestParams {
    // A saved provider without a new key is tested with its saved key (which never reaches the page), at the URL as edited.
    if (saved !== null && apiKey === null) {
      const edited = baseUrl.trim() !== saved.baseUrl || api !== saved.api;
      return { provider: saved.id, ...(edited ? { base_url: baseUrl.trim(), api } : {}) };
    }
    return { base_url: baseUrl.trim(), api, ...(apiKey ? { api_key: apiKey } : {}), ...(chosenModel ? { model: chosenModel } : {}) };
  }

  async function runTest(): Promise<void> {
    if (baseUrl.trim() === '') return setProblem('Enter the server URL first.');
    setProblem(null);
    setTest({ phase: 'testing' });
    try {
      setTest({ phase: 'done', result: await client.request('models.test', testParams()) });
    } catch (error) {
      setTest({ phase: 'done', result: { ok: false, error: `Could not run the test: ${describeError(error)}` } });
    }
  }

  async function save(): Promise<void> {
    if (!saved && !PROVIDER_ID.test(id)) return setProblem('The provider ID may hold letters, digits, "-" and "_" (e.g. "openai").');
    if (!saved && existingIds.includes(id)) return setProblem(`There is already a provider "${id}"; pick another ID or edit that one.`);
    if (variant === 'setup' && chosenModel === '') return setProblem('Pick the model to chat with (Test lists what the provider offers).');
    setProblem(null);
    const body = resolveProviderWrite(
      {
        id,
        baseUrl: baseUrl.trim(),
        api,
        apiKey,
        modelIds: variant === 'setup' ? [...new Set([...modelIds, setupModel])] : modelIds,
        defaultModel: makeDefault && chosenModel ? chosenModel : null,
      },
      saved,
      currentDefault,
    );
    if (!body) return variant === 'setup' ? onSaved?.() : setProblem('Nothing changed.');
    const applied = await form.submit(body);
    if (applied) onSaved?.(applied.summary);
  }

  return (
    <div className="provider-editor">
      {saved ? null : (
        <fieldset className="choice-list preset-list">
          <legend className="field-label">Where your assistant's model runs</legend>
          {PROVIDER_PRESETS.map((option) => (
            <label key={option.preset} className="choice">
              <input type="radio" name={`${ids}-preset`} checked={preset?.preset === option.preset} onChange={() => choosePreset(option)} />
              <span>
                <strong>{option.label}</strong> <span className="muted">{option.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="settings-fields">
        {saved ? null : (
          <Field id={`${ids}-id`} label="Provider ID" help="The name models are listed under, e.g. openai/gpt-4o-mini." issues={[]}>
            <input id={`${ids}-id`} value={id} spellCheck={false} onChange={(event) => setId(event.target.value.trim())} />
          </Field>
        )}
        <Field id={`${ids}-url`} label="Base URL" help={resolveConfigField(`${base}.base_url`)?.help} issues={selectIssues(form.issues, `${base}.base_url`)}>
          <input
            id={`${ids}-url`}
            value={baseUrl}
            spellCheck={false}
            placeholder="http://127.0.0.1:8080/v1"
            onChange={(event) => {
              setBaseUrl(event.target.value);
              setTest({ phase: 'idle' });
            }}
          />
        </Field>
        <Field id={`${ids}-api`} label="API style" help={resolveConfigField(`${base}.api`)?.help} issues={selectIssues(form.issues, `${base}.api`)}>
          <select id={`${ids}-api`} value={api} onChange={(event) => setApi(ModelApiSchema.parse(event.target.value))}>
            {ModelApiSchema.options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </Field>
        {needsKey ? (
          <Field
            id={`${ids}-key`}
            label="API key"
            help={saved?.keyFromEnv ? 'The key comes from an environment variable named in the file; change the variable to change it.' : 'Write-only: it is sent to the gateway, which keeps it in the config file; the dashboard never shows it again.'}
            issues={selectIssues(form.issues, `${base}.api_key`)}
          >
            {apiKey === null ? (
              <span className="secret-field">
                <span className="badge badge-ok">set</span>
                {saved?.keyFromEnv ? null : (
                  <button type="button" className="button button-small" onClick={() => setApiKey('')}>
                    Replace
                  </button>
                )}
              </span>
            ) : (
              <input
                id={`${ids}-key`}
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                value={apiKey}
                placeholder={preset?.key === 'optional' ? 'Only if the server asks for one' : 'sk-…'}
                onChange={(event) => setApiKey(event.target.value)}
              />
            )}
          </Field>
        ) : (
          <p className="field-help">No key needed for a server on this computer.</p>
        )}
      </div>
      <div className="verify-row">
        <button type="button" className="button" disabled={test.phase === 'testing'} onClick={() => void runTest()}>
          {test.phase === 'testing' ? 'Testing…' : 'Test'}
        </button>
        <span className={test.phase === 'done' ? (test.result.ok ? 'field-status' : 'field-error') : 'muted'} role="status">
          {test.phase === 'done' ? describeTest(test.result) : 'Test asks the provider for its models, without saving anything.'}
        </span>
      </div>
      <div className="settings-fields">
        {variant === 'setup' ? (
          <Field id={`${ids}-model`} label="Model" issues={selectIssues(form.issues, `${base}.models`)}>
            {offered && offered.length > 0 ? (
              <select id={`${ids}-model`} value={chosenModel} onChange={(event) => setSetupModel(event.target.value)}>
                <option value="">Choose a model…</option>
                {offered.map((model) => (
                  <option key={model} value={model}>
                    {model}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={`${ids}-model`}
                value={chosenModel}
                spellCheck={false}
                placeholder="e.g. gpt-4o-mini"
                onChange={(event) => setSetupModel(event.target.value.trim())}
              />
            )}
          </Field>
        ) : (
          <Field id={`${ids}-models`} label="Models" help="One model id a line; the first is the one offered as default." issues={selectIssues(form.issues, `${base}.models`)}>
            <textarea
              id={`${ids}-models`}
              rows={3}
              spellCheck={false}
              value={modelIds.join('\n')}
              onChange={(event) => setModelIds(event.target.value.split('\n').map((line) => line.trim()).filter(Boolean))}
            />
            {offered && offered.length > 0 ? (
              <select aria-label="Add a model the provider offers" value="" onChange={(event) => event.target.value && setModelIds([...new Set([...modelIds, event.target.value])])}>
                <option value="">Add a model the provider offers…</option>
                {offered.map((model) => (
                  <option key={model} value={model}>
                    {model}
                  </option>
                ))}
              </select>
            ) : null}
          </Field>
        )}
        {variant === 'settings' && chosenModel && `${id}/${chosenModel}` !== currentDefault ? (
          <label className="checkbox-row">
            <input type="checkbox" checked={makeDefault} onChange={(event) => setMakeDefault(event.target.checked)} /> Make {id}/{chosenModel} the default model
          </label>
        ) : null}
      </div>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      <div className="save-bar">
        <button type="button" className="button button-primary" disabled={form.status.phase === 'saving'} onClick={() => void save()}>
          {saveLabel}
        </button>
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            {cancelLabel}
          </button>
        ) : null}
        <SaveStatusLine status={form.status} onReload={onReload} />
      </div>
    </div>
  );
}
