import { useEffect, useMemo, useRef, useState } from 'react';
import { createConfigReader } from '../settings/config-reader.js';
import { ProviderEditor } from '../settings/provider-editor.js';
import { readSavedProvider } from '../settings/provider-write.js';
import { useConfigEditor } from '../settings/use-config-editor.js';
import { useSectionForm } from '../settings/use-section-form.js';
import { AccessStep } from './access-step.js';
import { DoneStep } from './done-step.js';
import { TelegramStep } from './telegram-step.js';

const STEPS = [
  { id: 'provider', title: 'Model provider' },
  { id: 'telegram', title: 'Telegram' },
  { id: 'access', title: 'Access' },
  { id: 'done', title: 'Done' },
] as const;
type StepId = (typeof STEPS)[number]['id'];

export interface SetupWizardProps {
  /** Called after each save, so the banner and the Chat page learn that a model exists. */
  onConfigured(): void;
  onSayHello(): void;
  onOpenSettings(): void;
}

function ProviderStep({ editor, onDone }: { editor: ReturnType<typeof useConfigEditor>; onDone(summary?: string): void }) {
  const form = useSectionForm(editor);
  const ids = form.reader.keys('models.providers');
  const current = form.reader.get('models.default');
  const currentDefault = typeof current === 'string' ? current : null;
  // Revisiting the step edits the provider of the default model rather than adding another.
  const editing = currentDefault ? ids.find((id) => currentDefault.startsWith(`${id}/`)) : undefined;
  return (
    <div className="setup-step-body">
      <p>
        Your assistant answers with a model from a provider: a cloud API with a key, or a server on your own computer. <strong>Test</strong> asks the
        provider which models it offers; pick one to chat with.
      </p>
      <ProviderEditor
        key={editing ?? 'new'}
        form={form}
        saved={editing ? readSavedProvider(form.reader, editing) : null}
        existingIds={ids}
        currentDefault={currentDefault}
        variant="setup"
        saveLabel="Save and continue"
        onReload={editor.reload}
        onSaved={onDone}
        onCancel={() => onDone()}
        cancelLabel="Skip"
      />
    </div>
  );
}

/**
 * The first-run setup: model provider, Telegram, access, done. Every step can be skipped and
 * visited again from the step list; each one saves on its own through `config.update`.
 */
export function SetupWizard({ onConfigured, onSayHello, onOpenSettings }: SetupWizardProps) {
  const editor = useConfigEditor();
  const [step, setStep] = useState<StepId>('provider');
  const [summary, setSummary] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const reader = useMemo(() => createConfigReader(editor.snapshot ?? { config: null, parsed: null, env_refs: [] }), [editor.snapshot]);
  const index = STEPS.findIndex((entry) => entry.id === step);

  // Moving between steps puts the keyboard focus on the new step's title.
  const moved = useRef(false);
  useEffect(() => {
    if (moved.current) heading.current?.focus();
    moved.current = true;
  }, [step]);

  function next(saved?: string): void {
    setSummary(saved ?? null);
    if (saved) onConfigured();
    const following = STEPS[index + 1];
    if (following) setStep(following.id);
  }

  if (editor.phase !== 'ready') {
    return editor.phase === 'error' ? (
      <div className="state-note state-error" role="alert">
        <p>Could not load the config: {editor.error}</p>
        <button type="button" className="button" onClick={editor.reload}>
          Try again
        </button>
      </div>
    ) : (
      <p className="state-note" role="status">
        Loading…
      </p>
    );
  }

  return (
    <section className="panel setup-wizard" aria-labelledby="setup-title">
      <h2 id="setup-title" className="panel-title setup-title">
        Set up your assistant
      </h2>
      <ol className="setup-steps" aria-label="Setup steps">
        {STEPS.map((entry, position) => (
          <li key={entry.id}>
            <button
              type="button"
              className="setup-step-link"
              aria-current={entry.id === step ? 'step' : undefined}
              onClick={() => {
                setSummary(null);
                setStep(entry.id);
              }}
            >
              <span className="setup-step-number" aria-hidden="true">
                {position + 1}
              </span>
              {entry.title}
            </button>
          </li>
        ))}
      </ol>
      {editor.stale ? (
        <div className="banner banner-warning stale-banner" role="alert">
          <span>The config file changed on disk while you were here.</span>
          <button type="button" className="button button-small" onClick={editor.reload}>
            Reload
          </button>
        </div>
      ) : null}
      {summary ? (
        <p className="banner banner-info" role="status">
          Saved. {summary}
        </p>
      ) : null}
      <h3 ref={heading} tabIndex={-1} className="setup-step-title">
        Step {index + 1} of {STEPS.length}: {STEPS[index]?.title}
      </h3>
      {step === 'provider' ? (
        <ProviderStep key={editor.version} editor={editor} onDone={next} />
      ) : step === 'telegram' ? (
        <TelegramStep key={editor.version} editor={editor} onDone={next} />
      ) : step === 'access' ? (
        <AccessStep key={editor.version} editor={editor} onDone={next} />
      ) : (
        <DoneStep reader={reader} onSayHello={onSayHello} onOpenSettings={onOpenSettings} />
      )}
    </section>
  );
}
