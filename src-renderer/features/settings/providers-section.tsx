import { useId, useState } from 'react';
import { resolveConfigField } from './config-fields.js';
import type { ConfigReader } from './config-reader.js';
import { ProviderEditor } from './provider-editor.js';
import { readSavedProvider, resolveProviderRemoval } from './provider-write.js';
import { SaveStatusLine } from './settings-section.js';
import type { ConfigEditor } from './use-config-editor.js';
import { useSectionForm } from './use-section-form.js';

function currentDefault(reader: ConfigReader): string | null {
  const value = reader.get('models.default');
  return typeof value === 'string' ? value : null;
}

function ProviderCard({ editor, id, providerIds }: { editor: ConfigEditor; id: string; providerIds: string[] }) {
  const form = useSectionForm(editor);
  const [editing, setEditing] = useState(false);
  const saved = readSavedProvider(form.reader, id);
  const defaultRef = currentDefault(form.reader);
  return (
    <li className="provider-card" aria-label={`Provider ${id}`}>
      <div className="provider-summary">
        <strong className="mono">{id}</strong>
        <span className="mono muted break">{saved.baseUrl}</span>
        <span className="badge">{saved.api}</span>
        <span className={saved.keySet ? 'badge badge-ok' : 'badge'}>{saved.keySet ? (saved.keyFromEnv ? 'key from env' : 'key set') : 'no key'}</span>
        <span className="muted">{saved.modelIds.length === 0 ? 'no models' : saved.modelIds.join(', ')}</span>
        {/* Settings writes dotted key paths, so an id with a dot in it cannot be named in one. */}
        {id.includes('.') ? (
          <span className="muted">The id has a dot in it: edit this provider in the Raw YAML tab.</span>
        ) : (
          <span className="toolbar-buttons provider-actions">
            <button type="button" className="button button-small" aria-expanded={editing} onClick={() => setEditing(!editing)}>
              {editing ? 'Close' : `Edit ${id}`}
            </button>
            <button type="button" className="button button-small button-danger" onClick={() => void form.submit(resolveProviderRemoval(id, defaultRef))}>
              Remove {id}
            </button>
          </span>
        )}
      </div>
      {editing ? (
        <ProviderEditor
          form={form}
          saved={saved}
          existingIds={providerIds}
          currentDefault={defaultRef}
          variant="settings"
          saveLabel={`Save ${id}`}
          onReload={editor.reload}
        />
      ) : (
        <SaveStatusLine status={form.status} onReload={editor.reload} />
      )}
    </li>
  );
}

function DefaultModel({ editor, providerIds }: { editor: ConfigEditor; providerIds: string[] }) {
  const form = useSectionForm(editor);
  const selectId = useId();
  const refs = providerIds.flatMap((id) => readSavedProvider(form.reader, id).modelIds.map((model) => `${id}/${model}`));
  const current = currentDefault(form.reader);
  const [choice, setChoice] = useState(current ?? '');
  return (
    <div className="field settings-field default-model">
      <label className="field-label" htmlFor={selectId}>
        Default model <code className="field-path mono">models.default</code>
      </label>
      <span className="inline-fields">
        <select id={selectId} value={choice} onChange={(event) => setChoice(event.target.value)}>
          {current === null ? <option value="">None: pick one</option> : null}
          {current !== null && !refs.includes(current) ? <option value={current}>{current} (no such provider model)</option> : null}
          {refs.map((ref) => (
            <option key={ref} value={ref}>
              {ref}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-small"
          disabled={choice === '' || choice === current || form.status.phase === 'saving'}
          onClick={() => void form.submit({ set: { 'models.default': choice } })}
        >
          Use as default
        </button>
      </span>
      <p className="field-help">{resolveConfigField('models.default')?.help}</p>
      <SaveStatusLine status={form.status} onReload={editor.reload} />
    </div>
  );
}

/** Model providers: the default model, each provider (edit, test, remove), and a form to add one. */
export function ProvidersSection({ editor }: { editor: ConfigEditor }) {
  const addForm = useSectionForm(editor);
  const [adding, setAdding] = useState(false);
  const titleId = useId();
  const providerIds = addForm.reader.keys('models.providers');
  return (
    <section className="panel settings-section" aria-labelledby={titleId}>
      <div className="panel-header">
        <h2 id={titleId} className="panel-title">
          Model providers
        </h2>
        {adding ? null : (
          <button type="button" className="button button-small button-primary" onClick={() => setAdding(true)}>
            Add a provider
          </button>
        )}
      </div>
      <DefaultModel key={String(currentDefault(addForm.reader))} editor={editor} providerIds={providerIds} />
      {providerIds.length === 0 ? <p className="empty-note">No provider yet: add one to give your assistant a model.</p> : null}
      <ul className="provider-list">
        {providerIds.map((id) => (
          <ProviderCard key={id} editor={editor} id={id} providerIds={providerIds} />
        ))}
      </ul>
      {adding ? (
        <div className="provider-add">
          <h3 className="subsection-title">Add a provider</h3>
          <ProviderEditor
            form={addForm}
            saved={null}
            existingIds={providerIds}
            currentDefault={currentDefault(addForm.reader)}
            variant="settings"
            saveLabel="Add provider"
            onReload={editor.reload}
            onSaved={() => setAdding(false)}
            onCancel={() => setAdding(false)}
          />
        </div>
      ) : addForm.status.phase === 'saved' ? (
        <SaveStatusLine status={addForm.status} onReload={editor.reload} />
      ) : null}
    </section>
  );
}
