import { createContext, useContext, useEffect, useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { ConfigWriteIssue } from '../../../src-shared/protocol/settings.js';
import { resolveConfigField } from './config-fields.js';
import type { ConfigChanges } from './config-draft.js';
import { resolveDraftValue } from './config-draft.js';
import type { ConfigReader } from './config-reader.js';
import { selectIssues } from './config-save.js';

interface ConfigFormContextValue {
  reader: ConfigReader;
  changes: ConfigChanges;
  change(path: string, value: unknown): void;
  /** Drops the person's change of one key: the field shows the file's value again. */
  revert(path: string): void;
  issues: readonly ConfigWriteIssue[];
}

const ConfigFormContext = createContext<ConfigFormContextValue | null>(null);

/** Gives the fields inside it their values (the person's changes over the file's) and their issues. */
export function ConfigFormProvider({ value, children }: { value: ConfigFormContextValue; children: ReactNode }) {
  return <ConfigFormContext.Provider value={value}>{children}</ConfigFormContext.Provider>;
}

/** The form the fields are in: the reader, the changes and the issues. */
export function useConfigForm(): ConfigFormContextValue {
  const form = useContext(ConfigFormContext);
  if (!form) throw new Error('Config fields must be inside <ConfigFormProvider>.');
  return form;
}

interface ControlProps {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': boolean;
}

interface FieldFrameProps {
  path: string;
  label?: string;
  help?: ReactNode;
  /** False for secrets, whose `${VAR}` text is not sent to the browser (the secret field says so itself). */
  showEnvRef?: boolean;
  children(control: ControlProps, value: unknown): ReactNode;
}

/** A field's label and help from the schema (overridable), the control, and its issues underneath. */
export function FieldFrame({ path, label, help, showEnvRef = true, children }: FieldFrameProps) {
  const form = useConfigForm();
  const id = useId();
  const info = resolveConfigField(path);
  const issues = selectIssues(form.issues, path);
  const shownHelp = help ?? info?.help;
  const describedBy = [shownHelp ? `${id}-help` : '', issues.length > 0 ? `${id}-issues` : ''].filter(Boolean).join(' ') || undefined;
  const envText = showEnvRef && form.reader.isEnvRef(path) ? form.reader.fileValue(path) : undefined;
  return (
    <div className="field settings-field">
      <label className="field-label" htmlFor={id}>
        {label ?? info?.label ?? path} <code className="field-path mono">{path}</code>
      </label>
      {typeof envText === 'string' ? (
        <p className="field-env" id={id}>
          Set by <code className="mono">{envText}</code>: change the variable, or the line in the Raw YAML tab.
        </p>
      ) : (
        children({ id, 'aria-describedby': describedBy, 'aria-invalid': issues.length > 0 }, resolveDraftValue(form.changes, form.reader, path))
      )}
      {shownHelp ? (
        <p id={`${id}-help`} className="field-help">
          {shownHelp}
        </p>
      ) : null}
      {issues.length > 0 ? (
        <ul id={`${id}-issues`} className="field-issues" role="alert">
          {issues.map((issue, index) => (
            <li key={index}>{issue.path === path ? issue.message : `${issue.path}: ${issue.message}`}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A text field; emptying it removes the key (its default applies). */
export function TextField({ path, label, placeholder, help }: { path: string; label?: string; placeholder?: string; help?: ReactNode }) {
  const form = useConfigForm();
  return (
    <FieldFrame path={path} label={label} help={help}>
      {(control, value) => (
        <input
          {...control}
          type="text"
          spellCheck={false}
          value={typeof value === 'string' ? value : ''}
          placeholder={placeholder}
          onChange={(event) => form.change(path, event.target.value === '' ? undefined : event.target.value)}
        />
      )}
    </FieldFrame>
  );
}

/** A number field; what is typed is kept as text until it is a number, so validation can name the problem. */
export function NumberField({ path, label }: { path: string; label?: string }) {
  const form = useConfigForm();
  return (
    <FieldFrame path={path} label={label}>
      {(control, value) => (
        <input
          {...control}
          type="text"
          inputMode="numeric"
          value={value === undefined ? '' : String(value)}
          onChange={(event) => {
            const text = event.target.value.trim();
            form.change(path, text === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text);
          }}
        />
      )}
    </FieldFrame>
  );
}

/** A choice among the schema's enum values; `inheritLabel` adds an empty choice that removes the key (a bot inheriting the main one's value). */
export function SelectField({ path, label, inheritLabel }: { path: string; label?: string; inheritLabel?: string }) {
  const form = useConfigForm();
  const options = resolveConfigField(path)?.options ?? [];
  return (
    <FieldFrame path={path} label={label}>
      {(control, value) => (
        <select
          {...control}
          value={typeof value === 'string' ? value : ''}
          onChange={(event) => form.change(path, event.target.value === '' ? undefined : event.target.value)}
        >
          {inheritLabel ? <option value="">{inheritLabel}</option> : null}
          {options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** An on/off switch. */
export function CheckboxField({ path, label }: { path: string; label?: string }) {
  const form = useConfigForm();
  const info = resolveConfigField(path);
  return (
    <FieldFrame path={path} label={label ?? info?.label}>
      {(control, value) => (
        <span className="checkbox-row">
          <input {...control} type="checkbox" checked={value === true} onChange={(event) => form.change(path, event.target.checked)} />
          <span>{value === true ? 'On' : 'Off'}</span>
        </span>
      )}
    </FieldFrame>
  );
}

/** A list, one entry a line; `numbers` turns all-digit lines into numbers (Telegram ids). */
export function ListField({ path, label, numbers = false, placeholder }: { path: string; label?: string; numbers?: boolean; placeholder?: string }) {
  const form = useConfigForm();
  // The text is kept as typed (blank lines while typing) and only its entries are written.
  const [text, setText] = useState<string | null>(null);
  return (
    <FieldFrame path={path} label={label}>
      {(control, value) => (
        <textarea
          {...control}
          rows={3}
          spellCheck={false}
          placeholder={placeholder}
          value={text ?? (Array.isArray(value) ? value.join('\n') : '')}
          onChange={(event) => {
            setText(event.target.value);
            const entries = event.target.value
              .split('\n')
              .map((line) => line.trim())
              .filter((line) => line !== '')
              .map((line) => (numbers && /^-?\d+$/.test(line) ? Number(line) : line));
            form.change(path, entries.length === 0 ? undefined : entries);
          }}
        />
      )}
    </FieldFrame>
  );
}

export interface SecretFieldProps {
  path: string;
  label?: string;
  /** Offers "Generate" next to Replace: fills in a value made by this function (a gateway token). */
  generate?: () => string;
  /** Offers "Remove", which deletes the key from the file. */
  removable?: boolean;
}

/**
 * A write-only secret: it shows "set" or "not set", never the value. Replace opens a masked field;
 * a secret held in a `${VAR}` can only be changed through the variable, so no field is offered.
 */
export function SecretField({ path, label, generate, removable = false }: SecretFieldProps) {
  const form = useConfigForm();
  const [generated, setGenerated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const changed = Object.hasOwn(form.changes, path);
  const typed = form.changes[path];
  const isSet = form.reader.isSet(path);
  const envRef = form.reader.isEnvRef(path);
  const [editing, setEditing] = useState(false);

  // A new snapshot (after a save) shows the secret's new state: the field closes again.
  useEffect(() => {
    setEditing(false);
    setGenerated(null);
    setCopied(false);
  }, [form.reader]);

  function cancel(): void {
    setEditing(false);
    setGenerated(null);
    form.revert(path);
  }

  return (
    <FieldFrame path={path} label={label} showEnvRef={false}>
      {(control) => (
        <div className="secret-field">
          <span className="secret-status">
            {changed && typed === undefined ? (
              <span className="badge badge-error">will be removed</span>
            ) : envRef ? (
              <span className="badge badge-secret">set from an environment variable</span>
            ) : isSet ? (
              <span className="badge badge-ok">set</span>
            ) : (
              <span className="badge">not set</span>
            )}
          </span>
          {envRef ? (
            <span className="field-help">To change it, set the variable the file names and restart the gateway.</span>
          ) : editing || (changed && typed !== undefined) ? (
            <span className="inline-fields">
              <input
                {...control}
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                value={generated ?? (typeof typed === 'string' ? typed : '')}
                readOnly={generated !== null}
                placeholder={isSet ? 'New value (replaces the current one)' : 'Value'}
                onChange={(event) => (event.target.value === '' ? form.revert(path) : form.change(path, event.target.value))}
              />
              <button type="button" className="button button-small" onClick={cancel}>
                Cancel
              </button>
            </span>
          ) : (
            <span className="toolbar-buttons">
              <button type="button" className="button button-small" onClick={() => setEditing(true)}>
                {isSet ? 'Replace' : 'Set'}
              </button>
              {generate ? (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => {
                    const value = generate();
                    setGenerated(value);
                    setEditing(true);
                    form.change(path, value);
                  }}
                >
                  Generate
                </button>
              ) : null}
              {removable && isSet ? (
                <button type="button" className="button button-small button-danger" onClick={() => form.change(path, undefined)}>
                  Remove
                </button>
              ) : null}
            </span>
          )}
          {generated !== null ? (
            <span className="generated-secret">
              <code className="mono break" aria-label="Generated value">
                {generated}
              </code>
              <button
                type="button"
                className="button button-small"
                onClick={() => {
                  void navigator.clipboard?.writeText(generated).then(() => setCopied(true));
                }}
              >
                {copied ? 'Copied' : 'Copy'}
              </button>
              <span className="field-help">Copy it now: once saved, the dashboard shows only that a token is set.</span>
            </span>
          ) : null}
        </div>
      )}
    </FieldFrame>
  );
}
