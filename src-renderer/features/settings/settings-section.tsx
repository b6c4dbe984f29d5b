import { useId } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { ConfigFormProvider } from './config-form.js';
import type { SaveStatus, SectionForm } from './use-section-form.js';

export interface SaveStatusLineProps {
  status: SaveStatus;
  onReload(): void;
}

/** What happened to the last save: the gateway's summary, or why nothing was saved (a conflict offers Reload). */
export function SaveStatusLine({ status, onReload }: SaveStatusLineProps) {
  if (status.phase === 'saving') {
    return (
      <p className="save-status muted" role="status">
        Saving…
      </p>
    );
  }
  if (status.phase === 'saved') {
    return (
      <p className="save-status field-status" role="status">
        Saved. {status.applied.summary}
        {status.applied.listener.restarted ? (
          <>
            {' '}
            <a href={status.applied.listener.url}>Open the dashboard there</a>
          </>
        ) : null}
      </p>
    );
  }
  if (status.phase === 'failed') {
    return (
      <div className="save-status field-error" role="alert">
        <p>{status.failure.message}</p>
        {status.failure.kind === 'conflict' ? (
          <button type="button" className="button button-small" onClick={onReload}>
            Reload
          </button>
        ) : null}
      </div>
    );
  }
  return null;
}

export interface SettingsSectionProps {
  title: string;
  /** One sentence under the title. */
  intro?: ReactNode;
  form: SectionForm;
  onReload(): void;
  children: ReactNode;
}

/** A panel of settings fields with one Save for the section and the result of the last save. */
export function SettingsSection({ title, intro, form, onReload, children }: SettingsSectionProps) {
  const titleId = useId();
  const dirty = Object.keys(form.changes).length > 0;

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void form.submit();
  }

  return (
    <section className="panel settings-section" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel-title">
        {title}
      </h2>
      {intro ? <p className="section-intro muted">{intro}</p> : null}
      <form onSubmit={submit} autoComplete="off" noValidate>
        <ConfigFormProvider value={form}>
          <div className="settings-fields">{children}</div>
        </ConfigFormProvider>
        <div className="save-bar">
          <button type="submit" className="button button-primary" disabled={!dirty || form.status.phase === 'saving'}>
            Save
          </button>
          <SaveStatusLine status={form.status} onReload={onReload} />
        </div>
      </form>
    </section>
  );
}
