import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { parseSessionLabel, SESSION_LABEL_MAX_LENGTH } from '../../../src-shared/sessions/label.js';
import { describeError } from '../../lib/describe-error.js';

export interface LabelEditorProps {
  sessionKey: string;
  label: string | undefined;
  /** Saves the label (null clears it); rejects with the gateway's message. */
  onSave(label: string | null): Promise<unknown>;
}

/** Edits a session's label with the same validation as the gateway; errors show inline under the field. */
export function LabelEditor({ sessionKey, label, onSave }: LabelEditorProps) {
  const [value, setValue] = useState(label ?? '');
  const [syncedLabel, setSyncedLabel] = useState(label);
  // A live update from elsewhere replaces the text, unless the user is midway through editing it.
  if (label !== syncedLabel) {
    setSyncedLabel(label);
    if (value === (syncedLabel ?? '')) setValue(label ?? '');
  }
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputId = useId();
  const errorId = useId();

  async function save(next: string | null): Promise<void> {
    setSaving(true);
    setStatus(null);
    try {
      await onSave(next);
      setError(null);
      setStatus(next === null ? 'Label cleared.' : 'Label saved.');
      if (next === null) setValue('');
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setSaving(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const parsed = parseSessionLabel(value);
    if (!parsed.ok) {
      setError(`Label not saved: ${parsed.error}.`);
      setStatus(null);
      return;
    }
    setValue(parsed.label);
    void save(parsed.label);
  }

  return (
    <form className="label-editor" onSubmit={onSubmit} aria-label={`Label of ${sessionKey}`}>
      <label className="field-label" htmlFor={inputId}>
        Label
      </label>
      <div className="inline-fields">
        <input
          id={inputId}
          value={value}
          maxLength={SESSION_LABEL_MAX_LENGTH * 4}
          placeholder="A name you will recognise"
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setValue(event.target.value);
            setStatus(null);
          }}
        />
        <button type="submit" className="button button-primary" disabled={saving}>
          Save
        </button>
        <button type="button" className="button" disabled={saving || label === undefined} onClick={() => void save(null)}>
          Clear
        </button>
      </div>
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {status ? (
        <p className="field-status" role="status">
          {status}
        </p>
      ) : null}
    </form>
  );
}
